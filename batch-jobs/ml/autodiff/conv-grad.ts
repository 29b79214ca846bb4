/** Input gradient of Conv (and the options both conv gradients read from a node's attributes). */
import * as op from "../graph/ops/index.js";
import type { Tensor } from "../graph/tensor.js";
import { ints, num, type RuleContext } from "./rule-context.js";

export function convOpts(attrs: RuleContext["attrs"]): op.ConvOptions {
  return { stride: ints(attrs["strides"])[0]!, padding: ints(attrs["pads"])[0]!, dilation: ints(attrs["dilations"])[0]!, groups: num(attrs["group"]) };
}

/**
 * dX of Conv. Stride 1: a Conv of dy with the spatially flipped, in/out-swapped kernel and padding
 * d(k−1)−p (ORT's Conv is ~2× faster than its ConvTranspose, measured). Otherwise
 * ConvTranspose(dy, W) with the output padding that restores X's size.
 */
export function convInputGrad(dy: Tensor, w: Tensor, xShape: readonly number[], attrs: RuleContext["attrs"]): Tensor {
  const o = convOpts(attrs);
  const [s, p, d, g] = [o.stride!, o.padding!, o.dilation!, o.groups!];
  const [out, cg, kh, kw] = [w.dim(0), w.dim(1), w.dim(2), w.dim(3)];
  if (s === 1 && d * (kh - 1) >= p && d * (kw - 1) >= p && kh === kw) {
    const swapped = op.reshape(op.transpose(op.reshape(w, [g, out / g, cg, kh, kw]), [0, 2, 1, 3, 4]), [g * cg, out / g, kh, kw]);
    return op.conv2d(dy, op.reverse(swapped, [2, 3]), { padding: d * (kh - 1) - p, dilation: d, groups: g });
  }
  const full = (dy.dim(2) - 1) * s - 2 * p + d * (kh - 1) + 1;
  const fullW = (dy.dim(3) - 1) * s - 2 * p + d * (kw - 1) + 1;
  const [extraH, extraW] = [xShape[2]! - full, xShape[3]! - fullW];
  const gx = op.convTranspose2d(dy, w, { ...o, outputPadding: Math.min(extraH, extraW) });
  // Rows/cols the stride skipped entirely receive zero gradient.
  return op.pad(gx, [0, 0, 0, 0, 0, 0, extraH - Math.min(extraH, extraW), extraW - Math.min(extraH, extraW)]);
}
