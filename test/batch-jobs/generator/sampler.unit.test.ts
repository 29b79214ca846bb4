/** Batched DDIM sampling with guidance and seeds (generator/sampler.ts), with a stand-in model. */
import { describe, expect, it } from "vitest";
import { guidanceAt, guidedV, sampleDdim, type PredictV } from "../../../batch-jobs/generator/sampler.js";
import { cosineAlphaBar, TRAIN_TIMESTEPS } from "../../../batch-jobs/generator/schedule.js";

const alphaBar = cosineAlphaBar();
const pixels = 16;
/** A fixed smooth "model": v depends on x, t and the branch. */
const model = (calls: string[] = []): PredictV => async (x, t, { uncond }) => {
  calls.push(uncond ? "uncond" : "cond");
  return x.map((v, i) => Math.tanh(v) * 0.5 + (uncond ? 0 : 0.1 * Math.sin((i % pixels) + t / 100)));
};
const run = (o: Partial<Parameters<typeof sampleDdim>[0]> & { settings: Parameters<typeof sampleDdim>[0]["settings"] }) =>
  sampleDdim({ seeds: [1, 2], pixels, alphaBar, predict: model(), ...o });

describe("sampleDdim", () => {
  it("gives the same bytes for the same seeds and settings", async () => {
    const settings = { steps: 10, guidance: 3, eta: 1 };
    const [a, b] = [await run({ settings }), await run({ settings })];
    expect(Buffer.from(a.films.buffer).equals(Buffer.from(b.films.buffer))).toBe(true);
  });

  it("gives each film its own noise: a film does not depend on its batch-mates", async () => {
    const settings = { steps: 8, guidance: 2, eta: 1 };
    const pair = await run({ settings, seeds: [5, 6] });
    const alone = await run({ settings, seeds: [6] });
    expect(Array.from(pair.films.subarray(pixels))).toEqual(Array.from(alone.films));
  });

  it("with η = 0 ignores step noise and records no log-probabilities", async () => {
    const out = await run({ settings: { steps: 6, guidance: 2, eta: 0 }, keepTrajectory: true });
    expect(out.trajectory!.every((s) => s.sigma === 0 && s.logProb.every((l) => l === null))).toBe(true);
  });

  it("with η > 0 records one finite log-probability per film and step", async () => {
    const out = await run({ settings: { steps: 6, guidance: 2, eta: 1 }, keepTrajectory: true });
    expect(out.trajectory!.length).toBe(6);
    for (const step of out.trajectory!) expect(step.logProb.every((l) => l !== null && Number.isFinite(l))).toBe(true);
  });

  it("at guidance 1 runs only the conditional branch and equals conditional sampling", async () => {
    const calls: string[] = [];
    const settings = { steps: 5, guidance: 1, eta: 0 };
    const guided = await run({ settings, predict: model(calls) });
    expect(calls.every((c) => c === "cond")).toBe(true);
    const condOnly: PredictV = (x, t) => model()(x, t, { uncond: false });
    const plain = await run({ settings, predict: condOnly });
    expect(Array.from(guided.films)).toEqual(Array.from(plain.films));
  });

  it("mixes the branches as v_∅ + w·(v_c − v_∅) at guidance w", async () => {
    const calls: string[] = [];
    await run({ settings: { steps: 3, guidance: 4, eta: 0 }, predict: model(calls) });
    expect(calls).toEqual(["cond", "uncond", "cond", "uncond", "cond", "uncond"]);
  });

  it("returns films clipped to [−1, 1]", async () => {
    const out = await run({ settings: { steps: 4, guidance: 8, eta: 1 } });
    expect(out.films.every((v) => v >= -1 && v <= 1)).toBe(true);
  });

  it("guidance rescale: φ 0 changes nothing; φ 1 gives each film the conditional prediction's spread", async () => {
    const x = Float32Array.from({ length: 2 * pixels }, (_, i) => Math.cos(i));
    const std = (v: Float32Array) => Math.sqrt(v.reduce((s, a) => s + a * a, 0) / v.length - (v.reduce((s, a) => s + a, 0) / v.length) ** 2);
    const [plain, off, full] = (await Promise.all([0, 0, 1].map((phi) => guidedV(model(), x, 500, 4, phi, pixels)))) as [Float32Array, Float32Array, Float32Array];
    expect(Array.from(off)).toEqual(Array.from(plain));
    const cond = await model()(x, 500, { uncond: false });
    for (const f of [0, 1]) {
      const at = (v: Float32Array) => v.subarray(f * pixels, (f + 1) * pixels);
      expect(std(at(plain))).not.toBeCloseTo(std(at(cond)), 3);
      expect(std(at(full))).toBeCloseTo(std(at(cond)), 5);
    }
    const unguided = await guidedV(model(), x, 500, 1, 1, pixels);
    expect(Array.from(unguided)).toEqual(Array.from(cond));
  });

  it("sampling with φ > 0 changes the films; absent φ is φ 0 byte for byte", async () => {
    const base = { steps: 4, guidance: 4, eta: 0 };
    const [plain, zero, rescaled] = [await run({ settings: base }), await run({ settings: { ...base, guidanceRescale: 0 } }), await run({ settings: { ...base, guidanceRescale: 0.7 } })];
    expect(Array.from(zero.films)).toEqual(Array.from(plain.films));
    expect(Array.from(rescaled.films)).not.toEqual(Array.from(plain.films));
  });

  it("guidance interval: guided inside [from, to] of t/T, unguided (conditional only) outside", async () => {
    const s = { guidance: 4, guidanceInterval: [0.2, 0.8] as const };
    expect([0, 0.19, 0.2, 0.5, 0.8, 0.81, 0.999].map((f) => guidanceAt(Math.round(f * TRAIN_TIMESTEPS), s))).toEqual([1, 1, 4, 4, 4, 1, 1]);
    expect(guidanceAt(999, { guidance: 4 })).toBe(4);
    const calls: string[] = [];
    const base = { steps: 10, guidance: 4, eta: 0 };
    const banded = await run({ settings: { ...base, guidanceInterval: [0.2, 0.8] }, predict: model(calls) });
    const guidedSteps = calls.filter((c) => c === "uncond").length;
    expect(guidedSteps).toBeGreaterThan(0);
    expect(guidedSteps).toBeLessThan(10);
    const [everywhere, full] = [await run({ settings: base }), await run({ settings: { ...base, guidanceInterval: [0, 1] } })];
    expect(Array.from(full.films)).toEqual(Array.from(everywhere.films));
    expect(Array.from(banded.films)).not.toEqual(Array.from(everywhere.films));
  });
});
