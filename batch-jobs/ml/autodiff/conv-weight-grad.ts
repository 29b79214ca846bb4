/** Weight gradient of Conv and ConvTranspose, in the two formulations chosen by shape. */
import * as op from "../graph/ops/index.js";
import type { Tensor } from "../graph/tensor.js";
import { convOpts } from "./conv-grad.js";
import type { RuleContext } from "./rule-context.js";

/**
 * dW[o,c,kh,kw] = Σ_{n,i,j} dy[n,o,i,j]·x_pad[n, g·Cg+c, i·s+kh·d, j·s+kw·d] (Dumoulin & Visin
 * 2016). Two formulations, chosen by shape (both yield W's [O, Cg, kH, kW] layout directly):
 * - k > 1, long rows (Ho·Wo ≥ Cg·k²) and not the dy-shifted case below: im2col as ONE depthwise
 *   Conv of x with a CONSTANT one-hot kernel [C·k², 1, kH, kW], giving cols [N, C·k², Ho, Wo];
 *   then a batched MatMul dy_n·cols_nᵀ per sample and ReduceSum over N.
 * - Otherwise (1×1 kernels; small images with many channels, where N partial products of
 *   [Og, Cg·k²] would dwarf the inputs): ONE per-group GEMM with the batch folded into K — x
 *   transposed to [C, N, H, W], padded, and the k² taps (strided slices) stacked channel-major;
 *   with fewer output than input channels (stride 1) the taps are slices of dy (padded by
 *   d(k−1)) against the whole padded x, a smaller stack.
 * See docs/engine.md for the measurements. Also ConvTranspose's weight gradient, x and dy swapped.
 */
export function convWeightGrad(x: Tensor, dy: Tensor, wShape: readonly number[], attrs: RuleContext["attrs"]): Tensor {
  const o = convOpts(attrs);
  const [kh, kw] = [wShape[2]!, wShape[3]!];
  const [c, out, g, p] = [x.dim(1), dy.dim(1), o.groups!, o.padding!];
  const dyShifted = o.stride === 1 && out * (x.dim(2) + 2 * p) * (x.dim(3) + 2 * p) < c * dy.dim(2) * dy.dim(3);
  const longRows = dy.dim(2) * dy.dim(3) >= (c / g) * kh * kw;
  if (kh * kw > 1 && !dyShifted && longRows) return convWeightGradIm2col(x, dy, kh, kw, o);
  return convWeightGradStacked(x, dy, wShape, o);
}

/** The one-hot Conv im2col formulation of convWeightGrad (see there). */
function convWeightGradIm2col(x: Tensor, dy: Tensor, kh: number, kw: number, o: op.ConvOptions): Tensor {
  const [s, p, d, g] = [o.stride!, o.padding!, o.dilation!, o.groups!];
  const [n, c, out, hw] = [x.dim(0), x.dim(1), dy.dim(1), dy.dim(2) * dy.dim(3)];
  const taps = kh * kw;
  const onehot = new Array<number>(c * taps * taps).fill(0);
  for (let ch = 0; ch < c; ch++) for (let t = 0; t < taps; t++) onehot[(ch * taps + t) * taps + t] = 1;
  const cols = op.conv2d(x, x.g.constant(onehot, [c * taps, 1, kh, kw], x.dtype), { stride: s, padding: p, dilation: d, groups: c });
  const perSample = op.matmul(op.reshape(dy, [n, g, out / g, hw]), op.transposeLast2(op.reshape(cols, [n, g, (c / g) * taps, hw])));
  return op.reshape(op.sum(perSample, [0]), [out, c / g, kh, kw]);
}

/** The stacked-taps, batch-folded GEMM formulation of convWeightGrad (see there). */
function convWeightGradStacked(x: Tensor, dy: Tensor, wShape: readonly number[], o: op.ConvOptions): Tensor {
  const [s, p, d, g] = [o.stride!, o.padding!, o.dilation!, o.groups!];
  const [n, c] = [x.dim(0), x.dim(1)];
  const [out, ho, wo] = [dy.dim(1), dy.dim(2), dy.dim(3)];
  const [kh, kw] = [wShape[2]!, wShape[3]!];
  const [cg, og, taps] = [c / g, out / g, kh * kw];
  const xt = op.pad(op.transpose(x, [1, 0, 2, 3]), [0, 0, p, p, 0, 0, p, p]);
  const [hp, wp] = [xt.dim(2), xt.dim(3)];
  /** The k² tap windows of t, each [g, count, 1, K], stacked channel-major to [g, count·k², K]. */
  const stack = (t: Tensor, count: number, windows: (i: number, j: number) => op.SliceSpec[], k: number): Tensor => {
    const parts: Tensor[] = [];
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) parts.push(op.reshape(op.sliceAxes(t, windows(i, j)), [g, count, 1, k]));
    return op.reshape(op.concat(parts, 2), [g, count * taps, k]);
  };
  if (s === 1 && out * hp * wp < c * ho * wo) {
    const [eh, ew] = [d * (kh - 1), d * (kw - 1)];
    const dyp = op.pad(op.transpose(dy, [1, 0, 2, 3]), [0, 0, eh, ew, 0, 0, eh, ew]);
    const k = n * hp * wp;
    const shifted = stack(dyp, og, (i, j) => [
      { axis: 2, start: eh - i * d, end: eh - i * d + hp },
      { axis: 3, start: ew - j * d, end: ew - j * d + wp },
    ], k);
    const r = op.matmul(shifted, op.transposeLast2(op.reshape(xt, [g, cg, k]))); // [g, Og·taps, Cg]
    return op.reshape(op.transposeLast2(op.reshape(r, [out, taps, cg])), [out, cg, kh, kw]);
  }
  const k = n * ho * wo;
  const cols = stack(xt, cg, (i, j) => [
    { axis: 2, start: i * d, end: i * d + (ho - 1) * s + 1, step: s },
    { axis: 3, start: j * d, end: j * d + (wo - 1) * s + 1, step: s },
  ], k);
  const dyt = op.reshape(op.transpose(dy, [1, 0, 2, 3]), [g, og, k]);
  return op.reshape(op.matmul(dyt, op.transposeLast2(cols)), [out, cg, kh, kw]); // [g, Og, Cg·taps] is W's layout
}
