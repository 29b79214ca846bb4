/** Reduces a broadcast gradient back to the shape of the input that was broadcast. */
import { sum } from "../graph/ops/reduce.js";
import { reshape } from "../graph/ops/shape.js";
import { sameShape } from "../graph/ops/util.js";
import type { Tensor } from "../graph/tensor.js";

export function unbroadcast(grad: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(grad.shape, shape)) return grad;
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  grad.shape.forEach((d, i) => {
    if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  return reshape(axes.length ? sum(grad, axes, true) : grad, shape);
}
