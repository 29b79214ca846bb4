/** Losses (means over all elements / the batch), composed of primitives. */
import { MlError, fmtShape } from "../errors.js";
import { Tensor, type DType } from "../tensor.js";
import { abs, cast, equal, exp, log, mul, neg, relu, sub, add } from "./elementwise.js";
import { mean, sum } from "./reduce.js";
import { reshape, stopGradient } from "./shape.js";
import { logSoftmax } from "./softmax.js";
import { sameShape } from "./util.js";

/** One-hot rows [..., C] of int64 labels [...] (no gradient). */
export function oneHot(labels: Tensor, classes: number, dtype: DType = labels.g.dtype): Tensor {
  if (labels.dtype !== "int64") throw new MlError("ML_SHAPE", `oneHot: labels must be int64, got ${labels.dtype}`);
  const range = labels.g.constant(Array.from({ length: classes }, (_, i) => i), [classes], "int64");
  return cast(equal(reshape(labels, [...labels.shape, 1]), range), dtype);
}

/** Mean over the batch of −log softmax(logits)[label]; logits [B, C], labels int64 [B]. */
export function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  if (logits.rank !== 2 || labels.rank !== 1 || labels.dim(0) !== logits.dim(0)) {
    throw new MlError("ML_SHAPE", `crossEntropy: logits must be [B, C] and labels [B]; got ${fmtShape(logits.shape)} and ${fmtShape(labels.shape)}`);
  }
  const picked = sum(mul(logSoftmax(logits, 1), oneHot(labels, logits.dim(1), logits.dtype)), [1]);
  return neg(mean(picked));
}

/**
 * Mean binary cross-entropy on logits x with targets y ∈ [0, 1], in the overflow-free form
 * max(x, 0) − x·y + log(1 + e^{−|x|}) (as torch.nn.BCEWithLogitsLoss).
 */
export function bceWithLogits(logits: Tensor, targets: Tensor): Tensor {
  if (!sameShape(logits.shape, targets.shape)) {
    throw new MlError("ML_SHAPE", `bceWithLogits: logits ${fmtShape(logits.shape)} and targets ${fmtShape(targets.shape)} differ`);
  }
  const y = stopGradient(targets);
  return mean(add(sub(relu(logits), mul(logits, y)), log(add(exp(neg(abs(logits))), 1))));
}

/** Mean squared error; both sides get gradients (wrap the target in stopGradient if it is fixed). */
export function mse(pred: Tensor, target: Tensor): Tensor {
  if (!sameShape(pred.shape, target.shape)) {
    throw new MlError("ML_SHAPE", `mse: prediction ${fmtShape(pred.shape)} and target ${fmtShape(target.shape)} differ`);
  }
  const d = sub(pred, target);
  return mean(mul(d, d));
}
