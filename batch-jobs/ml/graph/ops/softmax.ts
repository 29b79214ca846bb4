/** Fused ONNX Softmax / LogSoftmax along one axis (their gradient rules are primitive graphs). */
import { Tensor } from "../tensor.js";
import { normAxis, requireFloat } from "./util.js";

export function softmax(x: Tensor, axis = -1): Tensor {
  requireFloat("Softmax", x);
  return x.g.node("Softmax", [x], x.shape, x.dtype, { axis: normAxis("Softmax", axis, x.rank) });
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  requireFloat("LogSoftmax", x);
  return x.g.node("LogSoftmax", [x], x.shape, x.dtype, { axis: normAxis("LogSoftmax", axis, x.rank) });
}
