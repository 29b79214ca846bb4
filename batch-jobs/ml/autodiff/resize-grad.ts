/** Gradient of Resize (upsampling), a linear map with constant matrices. */
import * as op from "../graph/ops/index.js";
import { resizeMatrix, type UpsampleMode } from "../graph/ops/resize.js";
import type { Tensor } from "../graph/tensor.js";
import { num, type RuleContext } from "./rule-context.js";

export const resizeGrads = ({ dy, x: [a], attrs }: RuleContext): Tensor[] => [resizeGrad(dy, a!, num(attrs["factor"]), attrs["mode"] as UpsampleMode)];

/** Resize is linear: y = A_H·x·A_Wᵀ per channel, so dx = A_Hᵀ·dy·A_W (constant matrices). */
function resizeGrad(dy: Tensor, a: Tensor, factor: number, mode: UpsampleMode): Tensor {
  const [h, w] = [a.dim(2), a.dim(3)];
  const ah = dy.g.constant(resizeMatrix(h, factor, mode), [h * factor, h], dy.dtype);
  const aw = dy.g.constant(resizeMatrix(w, factor, mode), [w * factor, w], dy.dtype);
  return op.matmul(op.matmul(op.transposeLast2(ah), dy), aw);
}
