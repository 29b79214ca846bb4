import { describe, expect, it } from "vitest";
import { createSgd, type Params } from "../../../../batch-jobs/ml/optim/index.js";

const scalar = (v: number): Params => ({ w: { dims: [1], data: new Float32Array([v]) } });

describe("SGD", () => {
  it("plain SGD is p − lr·g", () => {
    const p = scalar(1);
    createSgd(p, { momentum: 0 }).step(p, scalar(0.5), 0.1);
    expect(p.w!.data[0]).toBeCloseTo(0.95, 7);
  });

  // b₁ = g₁ = 0.5 → p = 0.95; b₂ = 0.9·0.5 − 1 = −0.55 → p = 0.95 + 0.055.
  it("momentum matches hand-computed steps", () => {
    const p = scalar(1);
    const opt = createSgd(p, { momentum: 0.9 });
    opt.step(p, scalar(0.5), 0.1);
    expect(p.w!.data[0]).toBeCloseTo(0.95, 7);
    opt.step(p, scalar(-1), 0.1);
    expect(p.w!.data[0]).toBeCloseTo(1.005, 6);
  });

  // d₁ = 0.5 + 0.9·0.5 = 0.95 → 0.905; d₂ = −1 + 0.9·(−0.55) = −1.495 → 1.0545.
  it("Nesterov momentum matches hand-computed steps", () => {
    const p = scalar(1);
    const opt = createSgd(p, { momentum: 0.9, nesterov: true });
    opt.step(p, scalar(0.5), 0.1);
    expect(p.w!.data[0]).toBeCloseTo(0.905, 6);
    opt.step(p, scalar(-1), 0.1);
    expect(p.w!.data[0]).toBeCloseTo(1.0545, 6);
  });

  it("adds coupled L2 weight decay to the gradient", () => {
    const p = scalar(2);
    createSgd(p, { momentum: 0, weightDecay: 0.5 }).step(p, scalar(0), 0.1);
    expect(p.w!.data[0]).toBeCloseTo(1.9, 6);
  });

  it("state round-trips and continues bit-identically", () => {
    const p1 = scalar(1);
    const o1 = createSgd(p1, { momentum: 0.8, nesterov: true });
    for (const g of [0.3, -0.7, 1.1, 0.2]) o1.step(p1, scalar(g), 0.05);
    const p2 = scalar(1);
    const o2 = createSgd(p2, { momentum: 0.8, nesterov: true });
    for (const g of [0.3, -0.7]) o2.step(p2, scalar(g), 0.05);
    const o3 = createSgd(p2, { momentum: 0.8, nesterov: true });
    o3.restore(o2.state());
    for (const g of [1.1, 0.2]) o3.step(p2, scalar(g), 0.05);
    expect(p2.w!.data[0]).toBe(p1.w!.data[0]);
  });

  it("rejects Nesterov without momentum", () => {
    expect(() => createSgd(scalar(1), { momentum: 0, nesterov: true })).toThrow(/OPTIM_BAD_CONFIG.*Nesterov/);
  });
});
