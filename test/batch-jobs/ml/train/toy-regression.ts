/**
 * A small deterministic training problem for the loop's tests: linear regression
 * y = x·w* + 0.5 + noise, MSE loss with hand-written gradients, batch drawn from ctx.rng.
 */
import type { Params } from "../../../../batch-jobs/ml/optim/index.js";
import type { StepFn } from "../../../../batch-jobs/ml/train/index.js";

export const DIM = 16;
export const BATCH = 8;

export function initParams(seed: number): Params {
  const w = new Float32Array(DIM).map((_, i) => Math.sin(seed + i) * 0.01);
  return { w: { dims: [DIM], data: w }, b: { dims: [1], data: new Float32Array([0]) } };
}

export const regressionStep: StepFn = ({ rng, params }) => {
  const w = params.w!.data;
  const b = params.b!.data[0]!;
  const gw = new Float32Array(DIM);
  let gb = 0;
  let loss = 0;
  const x = new Float64Array(DIM);
  for (let n = 0; n < BATCH; n++) {
    let target = 0.5 + 0.01 * rng.normal();
    let pred = b;
    for (let i = 0; i < DIM; i++) {
      x[i] = rng.normal();
      target += x[i]! * ((i % 3) - 1);
      pred += x[i]! * w[i]!;
    }
    const err = pred - target;
    loss += (err * err) / BATCH;
    for (let i = 0; i < DIM; i++) gw[i] = gw[i]! + (2 * err * x[i]!) / BATCH;
    gb += (2 * err) / BATCH;
  }
  return { loss, grads: { w: { dims: [DIM], data: gw }, b: { dims: [1], data: new Float32Array([gb]) } }, samples: BATCH };
};
