/** Scaled dot-product attention (Vaswani et al. 2017, eq. 1), composed of MatMul + Softmax. */
import { MlError, fmtShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { add, mul, where } from "./elementwise.js";
import { matmul } from "./linalg.js";
import { transposeLast2 } from "./shape.js";
import { softmax } from "./softmax.js";
import { broadcastShapes } from "./util.js";

export interface AttentionOptions {
  /**
   * Broadcastable to the scores [..., Tq, Tk]: a bool mask (true = attend) or an additive float
   * bias (0 = attend, large negative = blocked).
   */
  mask?: Tensor;
  /** Score scale (default 1/√d). */
  scale?: number;
}

/** softmax(q·kᵀ·scale + mask)·v for q [..., Tq, d], k [..., Tk, d], v [..., Tk, dv]. */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, o: AttentionOptions = {}): Tensor {
  if (q.dim(-1) !== k.dim(-1) || k.dim(-2) !== v.dim(-2)) {
    throw new MlError("ML_SHAPE", `attention: q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}, v ${fmtShape(v.shape)} do not fit (q[-1]==k[-1], k[-2]==v[-2])`);
  }
  let scores = matmul(mul(q, o.scale ?? 1 / Math.sqrt(q.dim(-1))), transposeLast2(k));
  if (o.mask) {
    broadcastShapes("attention mask", o.mask.shape, scores.shape);
    scores = o.mask.dtype === "bool" ? where(o.mask, scores, -1e9) : add(scores, o.mask);
  }
  return matmul(softmax(scores, -1), v);
}
