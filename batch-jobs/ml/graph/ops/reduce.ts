/** Reductions over a list of axes (ONNX ReduceSum / ReduceMean / ReduceMax, opset 18+ form). */
import type { PrimitiveOp } from "../op-names.js";
import { Tensor } from "../tensor.js";
import { normAxis, requireFloat } from "./util.js";

function reduce(op: PrimitiveOp, x: Tensor, axes: readonly number[] | undefined, keepdims: boolean): Tensor {
  requireFloat(op, x);
  const ax = (axes ?? x.shape.map((_, i) => i)).map((a) => normAxis(op, a, x.rank)).sort((p, q) => p - q);
  const shape: number[] = [];
  x.shape.forEach((d, i) => {
    if (!ax.includes(i)) shape.push(d);
    else if (keepdims) shape.push(1);
  });
  return x.g.node(op, [x], shape, x.dtype, { axes: ax, keepdims: keepdims ? 1 : 0 });
}

/** Sum over `axes` (all axes when omitted). */
export const sum = (x: Tensor, axes?: readonly number[], keepdims = false): Tensor => reduce("ReduceSum", x, axes, keepdims);
export const mean = (x: Tensor, axes?: readonly number[], keepdims = false): Tensor => reduce("ReduceMean", x, axes, keepdims);
export const max = (x: Tensor, axes?: readonly number[], keepdims = false): Tensor => reduce("ReduceMax", x, axes, keepdims);
