/** Layer norm (fused ONNX LayerNormalization, opset 17) and group norm built on it. */
import { MlError, fmtShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { add, mul } from "./elementwise.js";
import { reshape } from "./shape.js";
import { normAxis, requireFloat, sameShape } from "./util.js";

export interface LayerNormOptions {
  /** First normalised axis: statistics over axes [axis, rank) (default -1). */
  axis?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * y = (x − E[x]) / √(Var[x] + ε) · scale + bias over the trailing axes (Ba et al. 2016, eq. 4).
 * Without scale/bias it is the affine-free norm used before adaLN modulation.
 */
export function layerNorm(x: Tensor, scale?: Tensor, bias?: Tensor, o: LayerNormOptions = {}): Tensor {
  requireFloat("LayerNormalization", x);
  const axis = normAxis("LayerNormalization", o.axis ?? -1, x.rank);
  const normShape = x.shape.slice(axis);
  const n = normShape.reduce((p, d) => p * d, 1);
  for (const t of [scale, bias]) {
    if (t && !sameShape(t.shape, normShape)) {
      throw new MlError("ML_SHAPE", `LayerNormalization: scale/bias ${fmtShape(t.shape)} must equal the normalised shape ${fmtShape(normShape)} of ${fmtShape(x.shape)}`);
    }
  }
  const s = scale ?? x.g.constant(new Array<number>(n).fill(1), normShape);
  const b = bias ?? x.g.constant(new Array<number>(n).fill(0), normShape);
  return x.g.node("LayerNormalization", [x, s, b], x.shape, x.dtype, { axis, epsilon: o.eps ?? 1e-5 });
}

/** Group norm (Wu & He 2018, eq. 1–3) on x [N, C, ...]: statistics per (sample, group), affine per channel. */
export function groupNorm(x: Tensor, groups: number, scale: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  const [n, c] = [x.dim(0), x.dim(1)];
  if (x.rank < 2 || c % groups !== 0 || scale.shape.join() !== `${c}` || bias.shape.join() !== `${c}`) {
    throw new MlError("ML_SHAPE", `GroupNorm: ${fmtShape(x.shape)} with ${groups} groups needs C divisible by groups and scale/bias [${c}], got ${fmtShape(scale.shape)}, ${fmtShape(bias.shape)}`);
  }
  const normed = reshape(layerNorm(reshape(x, [n, groups, -1]), undefined, undefined, { axis: 2, eps }), x.shape);
  const affineShape = [c, ...x.shape.slice(2).map(() => 1)];
  return add(mul(normed, reshape(scale, affineShape)), reshape(bias, affineShape));
}
