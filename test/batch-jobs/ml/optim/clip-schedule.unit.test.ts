import { describe, expect, it } from "vitest";
import { clipGradNorm, constantLr, globalNorm, warmupCosine, type Params } from "../../../../batch-jobs/ml/optim/index.js";

const grads = (): Params => ({
  a: { dims: [2], data: new Float32Array([3, 0]) },
  b: { dims: [1], data: new Float32Array([4]) },
});

describe("global-norm clipping", () => {
  it("computes the norm over all tensors together", () => {
    expect(globalNorm(grads())).toBe(5);
  });

  it("scales every tensor by maxNorm/norm when above the limit", () => {
    const g = grads();
    expect(clipGradNorm(g, 1)).toBe(5);
    expect(g.a!.data[0]).toBeCloseTo(0.6, 6);
    expect(g.b!.data[0]).toBeCloseTo(0.8, 6);
    expect(globalNorm(g)).toBeCloseTo(1, 5);
  });

  it("leaves gradients below the limit untouched", () => {
    const g = grads();
    clipGradNorm(g, 10);
    expect(Array.from(g.a!.data)).toEqual([3, 0]);
  });

  it("rejects a non-positive limit", () => {
    expect(() => clipGradNorm(grads(), 0)).toThrow(/OPTIM_BAD_CONFIG/);
  });
});

describe("warmup + cosine schedule", () => {
  const lr = warmupCosine({ peakLr: 1, minLr: 0.1, warmupSteps: 4, totalSteps: 14 });

  it("ramps linearly to the peak during warmup", () => {
    expect([0, 1, 2, 3].map(lr)).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it("follows a half cosine from peak to min", () => {
    expect(lr(4)).toBeCloseTo(1, 12);
    expect(lr(9)).toBeCloseTo(0.55, 12); // halfway: min + (peak − min)/2
    expect(lr(13)).toBeCloseTo(0.1 + 0.45 * (1 + Math.cos(Math.PI * 0.9)), 12);
    for (let s = 4; s < 14; s++) expect(lr(s + 1)).toBeLessThan(lr(s));
  });

  it("stays at min after the end", () => {
    expect(lr(14)).toBe(0.1);
    expect(lr(1000)).toBe(0.1);
  });

  it("validates its config", () => {
    expect(() => warmupCosine({ peakLr: 1, minLr: 2, warmupSteps: 0, totalSteps: 1 })).toThrow(/OPTIM_BAD_CONFIG/);
    expect(() => warmupCosine({ peakLr: 1, minLr: 0, warmupSteps: 5, totalSteps: 2 })).toThrow(/OPTIM_BAD_CONFIG/);
    expect(constantLr(0.3)(99)).toBe(0.3);
  });
});
