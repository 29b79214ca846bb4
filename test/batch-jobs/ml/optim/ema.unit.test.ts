import { describe, expect, it } from "vitest";
import { createAdamW, createSgd, withEma, type Params } from "../../../../batch-jobs/ml/optim/index.js";

const scalar = (v: number): Params => ({ w: { dims: [1], data: new Float32Array([v]) } });

describe("withEma (weight averaging beside an optimiser)", () => {
  // SGD lr 0.1: θ 1 → 0.95 → 1.05; ē = 0.5·1 + 0.5·0.95 = 0.975, then 0.5·0.975 + 0.5·1.05 = 1.0125.
  it("averages the iterates by hand-computed steps, starting from the current weights", () => {
    const p = scalar(1);
    const opt = withEma(createSgd(p, { momentum: 0 }), p, 0.5);
    expect(opt.averaged().w!.data[0]).toBe(1);
    opt.step(p, scalar(0.5), 0.1);
    expect(opt.averaged().w!.data[0]).toBeCloseTo(0.975, 6);
    opt.step(p, scalar(-1), 0.1);
    expect(opt.averaged().w!.data[0]).toBeCloseTo(1.0125, 6);
    expect(p.w!.data[0]).toBeCloseTo(1.05, 6);
  });

  it("leaves the training trajectory exactly as the bare optimiser's", () => {
    const a = scalar(1);
    const b = scalar(1);
    const bare = createAdamW(a);
    const averaged = withEma(createAdamW(b), b, 0.9);
    for (const g of [0.3, -0.2, 0.7, 0.1]) {
      bare.step(a, scalar(g), 0.01);
      averaged.step(b, scalar(g), 0.01);
    }
    expect(b.w!.data).toEqual(a.w!.data);
    expect(averaged.stepCount).toBe(4);
  });

  it("state round-trips and continues bit-identically", () => {
    const p1 = scalar(1);
    const o1 = withEma(createAdamW(p1), p1, 0.9);
    o1.step(p1, scalar(0.4), 0.01);
    const saved = o1.state();
    const p2 = scalar(p1.w!.data[0]!);
    const o2 = withEma(createAdamW(p2), p2, 0.9);
    o2.restore(saved);
    o1.step(p1, scalar(-0.3), 0.01);
    o2.step(p2, scalar(-0.3), 0.01);
    expect(o2.averaged().w!.data).toEqual(o1.averaged().w!.data);
    expect(p2.w!.data).toEqual(p1.w!.data);
  });

  it("refuses a state saved with another decay or without an average", () => {
    const p = scalar(1);
    const other = withEma(createAdamW(p), p, 0.5).state();
    expect(() => withEma(createAdamW(p), p, 0.9).restore(other)).toThrow(/emaDecay/);
    expect(() => withEma(createAdamW(p), p, 0.9).restore(createAdamW(p).state())).toThrow(/emaDecay/);
    expect(() => withEma(createAdamW(p), p, 1)).toThrow(/decay/);
  });
});
