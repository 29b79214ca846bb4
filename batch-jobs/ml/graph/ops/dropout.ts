/** Dropout (Srivastava et al. 2014) with an explicit mask input, so every run is reproducible. */
import type { Rng } from "../../../../shared/random.js";
import { elementCount, type HostTensor } from "../../host-tensor.js";
import { MlError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { div, mul } from "./elementwise.js";
import { broadcastShapes } from "./util.js";

/**
 * Training: x·mask/(1−p), mask ∈ {0,1} supplied as a graph input (fill it with dropoutMask).
 * Inference (g.training false) or p = 0: identity, the mask input is not created.
 */
export function dropout(x: Tensor, p: number, o: { mask: () => Tensor }): Tensor {
  if (!(p >= 0 && p < 1)) throw new MlError("ML_SHAPE", `dropout: p must be in [0, 1), got ${p}`);
  if (!x.g.training || p === 0) return x;
  const mask = o.mask();
  broadcastShapes("dropout mask", mask.shape, x.shape);
  return div(mul(x, mask), 1 - p);
}

/** A seeded keep-mask (1 with probability 1−p). */
export function dropoutMask(dims: readonly number[], p: number, rng: Rng, dtype: "float32" | "float64" = "float32"): HostTensor<Float32Array | Float64Array> {
  const n = elementCount(dims);
  const data = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.next() < p ? 0 : 1;
  return { dims: [...dims], data };
}
