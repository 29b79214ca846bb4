/**
 * The committed reward and judge bundles (models/ at the repository root is a registry root)
 * through the public API: sign and range of each reward on constructed simulator films.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phantomConfig, simulate, type PhantomConfigInput } from "../../../batch-jobs/data/phantom/index.js";
import { filmToTensor } from "../../../batch-jobs/data/tensors/film-tensor.js";
import { JudgeModels, RewardModels } from "../../../batch-jobs/rewards/index.js";
import { ModelRegistry } from "../../../batch-jobs/registry/model-registry.js";
import { LocalObjectStore } from "../../../batch-jobs/storage/local-object-store.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const registry = new ModelRegistry(new LocalObjectStore(REPO));
const SIZE = 64;
const still: NonNullable<PhantomConfigInput["posture"]> = { sx: [1, 1], sy: [1, 1], tx: [0, 0], ty: [0, 0], theta: [0, 0] };

function films(seeds: number[], overrides: PhantomConfigInput) {
  const config = phantomConfig({ ...overrides, size: SIZE });
  const samples = seeds.map((s) => simulate(config, s));
  const out = new Float32Array(seeds.length * SIZE * SIZE);
  samples.forEach((s, i) => filmToTensor(s.pixels, out, i * SIZE * SIZE));
  return { films: out, reports: samples.map((s) => s.report) };
}

const onlyEffusion: PhantomConfigInput["findings"] = {
  normalRate: 0,
  uncertainRate: 0,
  cooccurrence: [],
  severity: { small: 0, moderate: 0, large: 1 },
  prevalence: { "Enlarged Cardiomediastinum": 0, Cardiomegaly: 0, "Lung Opacity": 0, "Lung Lesion": 0, Edema: 0, Consolidation: 0, Pneumonia: 0, Atelectasis: 0, Pneumothorax: 0, "Pleural Effusion": 1, "Pleural Other": 0, Fracture: 0, "Support Devices": 0 },
};
const seeds = Array.from({ length: 8 }, (_, i) => 9_900_000 + i);
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const NORMAL_REPORT = "FINDINGS: Heart size is normal. No pleural effusion. No pneumothorax. No focal consolidation. IMPRESSION: No acute cardiopulmonary process.";
const EFFUSION_REPORT = "FINDINGS: Large right pleural effusion. No pneumothorax. IMPRESSION: Large right pleural effusion.";

let rewards: RewardModels;
let judges: JudgeModels;
beforeAll(async () => {
  rewards = await RewardModels.load(registry, { intraOpThreads: 1 });
  judges = await JudgeModels.load(registry, { intraOpThreads: 1 });
});
afterAll(async () => {
  await rewards.dispose();
  await judges.dispose();
});

describe("RewardModels on the committed bundles", () => {
  it("a rotated film scores worse on r_align than the same film upright", async () => {
    const upright = films(seeds, { posture: still });
    const rotated = films(seeds, { posture: { ...still, theta: [0.25, 0.25] } });
    const a = await rewards.score(upright.films, seeds.length, SIZE, upright.reports);
    const b = await rewards.score(rotated.films, seeds.length, SIZE, rotated.reports);
    expect(mean(b.posture)).toBeLessThan(mean(a.posture) - 0.1);
  });
  it("r_align is ≤ 0 for every film", async () => {
    const f = films(seeds, {});
    expect(Math.max(...(await rewards.score(f.films, seeds.length, SIZE, f.reports)).posture)).toBeLessThanOrEqual(0);
  });
  it("an effusion film scores higher on r_diag for an effusion report than for a normal one", async () => {
    const f = films(seeds, { findings: onlyEffusion });
    const forEffusion = await rewards.score(f.films, seeds.length, SIZE, seeds.map(() => EFFUSION_REPORT));
    const forNormal = await rewards.score(f.films, seeds.length, SIZE, seeds.map(() => NORMAL_REPORT));
    expect(mean(forEffusion.diagnostic)).toBeGreaterThan(mean(forNormal.diagnostic));
  });
  it("r_diag stays in [0, 1]", async () => {
    const f = films(seeds, {});
    const d = (await rewards.score(f.films, seeds.length, SIZE, f.reports)).diagnostic;
    expect([Math.min(...d) >= 0, Math.max(...d) <= 1]).toEqual([true, true]);
  });
  it("an effusion film is more consistent (CLIP) with an effusion report than with a normal one", async () => {
    const f = films(seeds, { findings: onlyEffusion });
    const forEffusion = await rewards.score(f.films, seeds.length, SIZE, seeds.map(() => EFFUSION_REPORT));
    const forNormal = await rewards.score(f.films, seeds.length, SIZE, seeds.map(() => NORMAL_REPORT));
    expect(mean(forEffusion.consistency)).toBeGreaterThan(mean(forNormal.consistency));
  });
  it("films score higher r_consist with their own reports than with shuffled ones", async () => {
    const f = films(seeds, {});
    const own = await rewards.score(f.films, seeds.length, SIZE, f.reports);
    const shuffled = await rewards.score(f.films, seeds.length, SIZE, f.reports.map((_, i) => f.reports[(i + 3) % seeds.length]!));
    expect(mean(own.consistency)).toBeGreaterThan(mean(shuffled.consistency));
  });
  it("refuses mismatched inputs with one error listing every problem", async () => {
    await expect(rewards.score(new Float32Array(10), 2, SIZE, ["a"])).rejects.toThrow(/films has 10 values.*1 reports for 2 films/);
  });
});

describe("JudgeModels on the committed bundles", () => {
  it("returns ψ, 14 probabilities, view and FID features per film", async () => {
    const f = films(seeds.slice(0, 3), {});
    const v = await judges.judge(f.films, 3, SIZE);
    expect([v.posture.length, v.labels.length, v.projection.length, v.position.length, v.features.length / v.featureDim]).toEqual([3, 42, 3, 3, 3]);
  });
  it("the judge sees the rotation the simulator applied", async () => {
    const f = films(seeds.slice(0, 4), { posture: { ...still, theta: [0.2, 0.2] } });
    const v = await judges.judge(f.films, 4, SIZE);
    expect(mean(v.posture.map((p) => p.theta))).toBeCloseTo(0.2, 1);
  });
});
