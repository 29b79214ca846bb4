/** The cosine schedule and DDIM timesteps (generator/schedule.ts). */
import { describe, expect, it } from "vitest";
import { cosineAlphaBar, ddimTimesteps, TRAIN_TIMESTEPS } from "../../../batch-jobs/generator/schedule.js";

describe("cosineAlphaBar", () => {
  const a = cosineAlphaBar();

  it("has one value per training step, starting near 1 and ending near 0", () => {
    expect(a.length).toBe(TRAIN_TIMESTEPS);
    expect(a[0]).toBeGreaterThan(0.9999);
    expect(a[TRAIN_TIMESTEPS - 1]).toBeLessThan(1e-3);
  });

  it("decreases strictly", () => {
    for (let t = 1; t < a.length; t++) expect(a[t]!).toBeLessThan(a[t - 1]!);
  });

  it("matches f(t)/f(0) of Nichol & Dhariwal eq. 17 where β is not clipped", () => {
    const f = (t: number) => Math.cos(((t / TRAIN_TIMESTEPS + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(a[499]).toBeCloseTo(f(500) / f(0), 9);
  });
});

describe("ddimTimesteps", () => {
  it("gives `steps` descending timesteps starting at T−1", () => {
    const ts = ddimTimesteps(50);
    expect(ts.length).toBe(50);
    expect(ts[0]).toBe(TRAIN_TIMESTEPS - 1);
    for (let i = 1; i < ts.length; i++) expect(ts[i]!).toBeLessThan(ts[i - 1]!);
    expect(ts.at(-1)).toBeGreaterThanOrEqual(0);
  });

  it("rejects a step count outside 1..T", () => {
    expect(() => ddimTimesteps(0)).toThrow(RangeError);
    expect(() => ddimTimesteps(TRAIN_TIMESTEPS + 1)).toThrow(RangeError);
  });
});
