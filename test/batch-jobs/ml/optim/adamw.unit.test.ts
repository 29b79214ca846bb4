import { describe, expect, it } from "vitest";
import { createAdamW } from "../../../../batch-jobs/ml/optim/index.js";
import type { Params } from "../../../../batch-jobs/ml/optim/index.js";

const scalar = (v: number): Params => ({ w: { dims: [1], data: new Float32Array([v]) } });

describe("AdamW", () => {
  // Expected values computed by hand from the update rule (m, v, bias corrections), see adamw.ts.
  it("matches the first two hand-computed Adam steps", () => {
    const params = scalar(1);
    const opt = createAdamW(params, { weightDecay: 0 });
    opt.step(params, scalar(0.5), 0.1);
    // Step 1: m̂ = g, v̂ = g², so the step is lr·g/(|g|+ε) = 0.1·0.5/(0.5+1e-8).
    expect(params.w!.data[0]).toBeCloseTo(0.900000002, 6);
    opt.step(params, scalar(-1), 0.1);
    // Step 2: m = 0.9·0.05 − 0.1 = −0.055, v = 0.999·0.00025 + 0.001 = 0.00124975,
    // m̂ = −0.055/0.19, v̂ = 0.00124975/0.001999 → p = 0.9 + 0.1·0.28947/0.79069.
    expect(params.w!.data[0]).toBeCloseTo(0.9366103542, 6);
    expect(opt.stepCount).toBe(2);
  });

  it("applies decoupled weight decay before the Adam step", () => {
    const params = scalar(2);
    const opt = createAdamW(params, { weightDecay: 0.1 });
    opt.step(params, scalar(0.5), 0.1);
    expect(params.w!.data[0]).toBeCloseTo(1.880000002, 6); // 2·(1 − 0.01) − 0.1
    opt.step(params, scalar(-1), 0.1);
    expect(params.w!.data[0]).toBeCloseTo(1.8978103542, 6);
  });

  it("skips decay for parameters the filter excludes", () => {
    const params: Params = { w: { dims: [1], data: new Float32Array([2]) }, bias: { dims: [1], data: new Float32Array([2]) } };
    const opt = createAdamW(params, { weightDecay: 0.1, decays: (n) => n !== "bias" });
    const zero: Params = { w: { dims: [1], data: new Float32Array([0]) }, bias: { dims: [1], data: new Float32Array([0]) } };
    opt.step(params, zero, 0.1);
    expect(params.w!.data[0]).toBeCloseTo(1.98, 6);
    expect(params.bias!.data[0]).toBe(2);
  });

  it("restores state so continued steps are bit-identical", () => {
    const make = (): Params => ({ a: { dims: [2, 2], data: new Float32Array([0.1, -0.2, 0.3, 0.4]) } });
    const grad = (k: number): Params => ({ a: { dims: [2, 2], data: new Float32Array([k, -k / 2, 0.3, Math.sin(k)]) } });
    const p1 = make();
    const o1 = createAdamW(p1);
    for (let k = 1; k <= 6; k++) o1.step(p1, grad(k), 0.01);

    const p2 = make();
    const o2 = createAdamW(p2);
    for (let k = 1; k <= 3; k++) o2.step(p2, grad(k), 0.01);
    const saved = o2.state();
    const p3: Params = { a: { dims: [2, 2], data: p2.a!.data.slice() } };
    const o3 = createAdamW(p3);
    o3.restore(saved);
    for (let k = 4; k <= 6; k++) o3.step(p3, grad(k), 0.01);
    expect(Array.from(p3.a!.data)).toEqual(Array.from(p1.a!.data));
    expect(o3.stepCount).toBe(6);
    expect(Object.keys(saved.tensors).sort()).toEqual(["adamw.m/a", "adamw.v/a"]);
    expect(saved.tensors["adamw.m/a"]!.dims).toEqual([2, 2]);
  });

  it("names a missing gradient and a wrong-sized one", () => {
    const params = scalar(1);
    const opt = createAdamW(params);
    expect(() => opt.step(params, {}, 0.1)).toThrow(/OPTIM_MISSING_GRAD.*"w"/);
    expect(() => opt.step(params, { w: { dims: [2], data: new Float32Array(2) } }, 0.1)).toThrow(/OPTIM_SHAPE_MISMATCH.*"w".*2 elements/);
    expect(opt.stepCount).toBe(0);
  });

  it("refuses a state from a differently configured optimiser", () => {
    const params = scalar(1);
    const state = createAdamW(params, { beta2: 0.95 }).state();
    expect(() => createAdamW(params).restore(state)).toThrow(/OPTIM_BAD_STATE.*beta2/);
  });

  it("rejects invalid hyper-parameters", () => {
    expect(() => createAdamW(scalar(1), { beta1: 1 })).toThrow(/OPTIM_BAD_CONFIG/);
  });
});
