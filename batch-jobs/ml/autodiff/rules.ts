/**
 * THE table of gradient rules: one op per entry, each building graph nodes from the upstream
 * gradient `dy`, the op's inputs `x` and its output `y`; `null` = no gradient for that input.
 * Only primitives are here: composite ops (gelu, silu, group norm, attention, losses...) are
 * differentiated through the primitives they are built from. Conv / ConvTranspose / Resize follow
 * the standard adjoint identities (Dumoulin & Visin 2016, "A guide to convolution arithmetic").
 */
import { MlError, fmtShape } from "../graph/errors.js";
import * as op from "../graph/ops/index.js";
import { resizeMatrix, type UpsampleMode } from "../graph/ops/resize.js";
import type { Node } from "../graph/tensor.js";
import { Tensor } from "../graph/tensor.js";
import { unbroadcast as unb } from "./unbroadcast.js";

export interface RuleContext {
  /** Upstream gradient, shaped like the op's output. */
  dy: Tensor;
  /** The op's inputs and output (forward intermediates are reused, never recomputed). */
  x: Tensor[];
  y: Tensor;
  attrs: Node["attrs"];
}

export type GradRule = (c: RuleContext) => (Tensor | null)[];

const ints = (v: unknown): number[] => v as number[];
const num = (v: unknown): number => v as number;

export const gradRules: Record<string, GradRule> = {
  Add: ({ dy, x: [a, b] }) => [unb(dy, a!.shape), unb(dy, b!.shape)],
  Sub: ({ dy, x: [a, b] }) => [unb(dy, a!.shape), unb(op.neg(dy), b!.shape)],
  Mul: ({ dy, x: [a, b] }) => [unb(op.mul(dy, b!), a!.shape), unb(op.mul(dy, a!), b!.shape)],
  Div: ({ dy, x: [a, b], y }) => [unb(op.div(dy, b!), a!.shape), unb(op.neg(op.div(op.mul(dy, y), b!)), b!.shape)],
  Pow: ({ dy, x: [a, b], y }) => [unb(op.mul(dy, op.mul(b!, op.pow(a!, op.sub(b!, 1)))), a!.shape), unb(op.mul(dy, op.mul(y, op.log(a!))), b!.shape)],
  Neg: ({ dy }) => [op.neg(dy)],
  Exp: ({ dy, y }) => [op.mul(dy, y)],
  Log: ({ dy, x: [a] }) => [op.div(dy, a!)],
  Sqrt: ({ dy, y }) => [op.div(op.mul(dy, 0.5), y)],
  Tanh: ({ dy, y }) => [op.mul(dy, op.sub(1, op.mul(y, y)))],
  Sigmoid: ({ dy, y }) => [op.mul(dy, op.mul(y, op.sub(1, y)))],
  Erf: ({ dy, x: [a] }) => [op.mul(dy, op.mul(op.exp(op.neg(op.mul(a!, a!))), 2 / Math.sqrt(Math.PI)))],
  // d/dx xΦ(x) = Φ(x) + x·φ(x) = ½ + ½erf(x/√2) + x·e^{−x²/2}/√(2π)
  Gelu: ({ dy, x: [a] }) => [op.mul(dy, op.add(op.add(op.mul(op.erf(op.mul(a!, Math.SQRT1_2)), 0.5), 0.5), op.mul(op.mul(a!, 1 / Math.sqrt(2 * Math.PI)), op.exp(op.mul(op.mul(a!, a!), -0.5)))))],
  Relu: ({ dy, x: [a] }) => [op.where(op.greater(a!, 0), dy, 0)],
  Sin: ({ dy, x: [a] }) => [op.mul(dy, op.cos(a!))],
  Cos: ({ dy, x: [a] }) => [op.neg(op.mul(dy, op.sin(a!)))],
  Abs: ({ dy, x: [a] }) => [op.mul(dy, op.sign(a!))],
  Sign: () => [null],
  Equal: () => [null, null],
  Greater: () => [null, null],
  Where: ({ dy, x: [c, a, b] }) => [null, unb(op.where(c!, dy, 0), a!.shape), unb(op.where(c!, 0, dy), b!.shape)],
  Cast: ({ dy, x: [a] }) => [a!.dtype === "float32" || a!.dtype === "float64" ? op.cast(dy, a!.dtype) : null],
  StopGradient: () => [null],
  MatMul: ({ dy, x: [a, b] }) => matmulGrads(dy, a!, b!),
  Gemm: ({ dy, x: [a, b], attrs }) => gemmGrads(dy, a!, b!, num(attrs["transA"]) === 1, num(attrs["transB"]) === 1),
  ReduceSum: ({ dy, x: [a], attrs }) => [op.expand(op.reshape(dy, keptShape(a!, attrs)), a!.shape)],
  ReduceMean: ({ dy, x: [a], attrs }) => [op.expand(op.reshape(op.div(dy, reducedCount(a!, attrs)), keptShape(a!, attrs)), a!.shape)],
  ReduceMax: ({ dy, x: [a], y, attrs }) => {
    const axes = ints(attrs["axes"]);
    const hit = op.cast(op.equal(a!, op.reshape(y, keptShape(a!, attrs))), a!.dtype); // ties share the gradient
    return [op.mul(op.div(hit, op.sum(hit, axes, true)), op.reshape(dy, keptShape(a!, attrs)))];
  },
  Reshape: ({ dy, x: [a] }) => [op.reshape(dy, a!.shape)],
  Transpose: ({ dy, attrs }) => [op.transpose(dy, inversePerm(ints(attrs["perm"])))],
  Expand: ({ dy, x: [a] }) => [unb(dy, a!.shape)],
  Concat: ({ dy, x, attrs }) => {
    const axis = num(attrs["axis"]);
    let start = 0;
    return x.map((t) => op.slice(dy, axis, start, (start += t.dim(axis))));
  },
  Slice: ({ dy, x: [a], attrs }) => {
    const [axes, starts, steps] = [ints(attrs["axes"]), ints(attrs["starts"]), ints(attrs["steps"])];
    return [axes.reduce((g, axis, k) => sliceGrad(g, a!, axis, starts[k]!, steps[k]!), dy)]; // axes are separable
  },
  Reverse: ({ dy, attrs }) => [op.reverse(dy, ints(attrs["axes"]))],
  Pad: ({ dy, x: [a], attrs }) => {
    const pads = ints(attrs["pads"]);
    let g = dy;
    a!.shape.forEach((d, i) => (g = op.slice(g, i, pads[i]!, pads[i]! + d)));
    return [g];
  },
  Gather: ({ dy, x: [table, idx] }) => [op.scatterAddRows(table!.shape, idx!, dy), null],
  // Softmax: dx = y ⊙ (dy − Σ dy⊙y); LogSoftmax: dx = dy − softmax ⊙ Σ dy (sums along the axis).
  Softmax: ({ dy, y, attrs }) => [op.mul(y, op.sub(dy, op.sum(op.mul(dy, y), [num(attrs["axis"])], true)))],
  LogSoftmax: ({ dy, y, attrs }) => [op.sub(dy, op.mul(op.exp(y), op.sum(dy, [num(attrs["axis"])], true)))],
  LayerNormalization: (c) => layerNormGrads(c),
  Conv: ({ dy, x: [xin, w], attrs }) => [convInputGrad(dy, w!, xin!.shape, attrs), convWeightGrad(xin!, dy, w!.shape, attrs)],
  ConvTranspose: ({ dy, x: [xin, w], attrs }) => [
    op.conv2d(dy, w!, convOpts(attrs)),
    convWeightGrad(dy, xin!, w!.shape, attrs),
  ],
  Resize: ({ dy, x: [a], attrs }) => [resizeGrad(dy, a!, num(attrs["factor"]), attrs["mode"] as UpsampleMode)],
};

/** The rule for `opName`, or a loud error naming it. */
export function ruleFor(opName: string, shapes: readonly (readonly number[])[]): GradRule {
  const rule = gradRules[opName];
  if (!rule) {
    throw new MlError("ML_NO_GRAD_RULE", `no gradient rule for op "${opName}" (inputs ${shapes.map(fmtShape).join(", ")}); add one to autodiff/rules.ts or wrap the input in stopGradient`);
  }
  return rule;
}

function keptShape(a: Tensor, attrs: Node["attrs"]): number[] {
  const axes = ints(attrs["axes"]);
  return a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function reducedCount(a: Tensor, attrs: Node["attrs"]): number {
  return ints(attrs["axes"]).reduce((n, i) => n * a.dim(i), 1);
}

function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** dA = dy·Bᵀ, dB = Aᵀ·dy; a shared 2-D weight gets ONE Gemm over the flattened batch. */
function matmulGrads(dy: Tensor, a: Tensor, b: Tensor): Tensor[] {
  const [k, n] = [b.dim(-2), b.dim(-1)];
  const da = b.rank === 2
    ? op.reshape(op.gemm(op.reshape(dy, [-1, n]), b, false, true), dy.shape.slice(0, -1).concat(k))
    : op.matmul(dy, op.transposeLast2(b));
  const db = b.rank === 2
    ? op.gemm(op.reshape(a, [-1, k]), op.reshape(dy, [-1, n]), true, false)
    : op.matmul(op.transposeLast2(a), dy);
  return [unb(da, a.shape), unb(db, b.shape)];
}

/** Y = A'·B' with A' = tA ? Aᵀ : A (same for B); each case stays one Gemm. */
function gemmGrads(dy: Tensor, a: Tensor, b: Tensor, tA: boolean, tB: boolean): Tensor[] {
  const da = tA ? op.gemm(b, dy, tB, true) : op.gemm(dy, b, false, !tB);
  const db = tB ? op.gemm(dy, a, true, tA) : op.gemm(a, dy, !tA, false);
  return [da, db];
}

/**
 * LayerNorm backward (recomputing the statistics from x with primitives):
 * x̂ = (x−μ)·r, r = 1/√(σ²+ε); dx̂ = dy·γ; dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂⊙x̂));
 * dγ = Σ_batch dy⊙x̂; dβ = Σ_batch dy.
 */
function layerNormGrads({ dy, x: [x, scale, bias], y, attrs }: RuleContext): Tensor[] {
  const axis = num(attrs["axis"]);
  const normAxes = x!.shape.map((_, i) => i).filter((i) => i >= axis);
  const batchAxes = x!.shape.map((_, i) => i).filter((i) => i < axis);
  const centred = op.sub(x!, op.mean(x!, normAxes, true));
  const rstd = op.div(1, op.sqrt(op.add(op.mean(op.mul(centred, centred), normAxes, true), num(attrs["epsilon"]))));
  // Affine-free norm (adaLN): scale ≡ 1, bias ≡ 0 ⇒ x̂ is the output itself and dx̂ = dy.
  const unitScale = isConstant(scale!, 1);
  const xhat = unitScale && isConstant(bias!, 0) ? y : op.mul(centred, rstd);
  const dxhat = unitScale ? dy : op.mul(dy, scale!);
  const inner = op.sub(op.sub(dxhat, op.mean(dxhat, normAxes, true)), op.mul(xhat, op.mean(op.mul(dxhat, xhat), normAxes, true)));
  const dx = op.mul(rstd, inner);
  const dscale = batchAxes.length ? op.sum(op.mul(dy, xhat), batchAxes) : op.mul(dy, xhat);
  const dbias = batchAxes.length ? op.sum(dy, batchAxes) : dy;
  return [dx, dscale, dbias];
}

function isConstant(t: Tensor, value: number): boolean {
  return t.node.op === "Constant" && (t.node.values ?? []).every((v) => v === value);
}

function convOpts(attrs: Node["attrs"]): op.ConvOptions {
  return { stride: ints(attrs["strides"])[0]!, padding: ints(attrs["pads"])[0]!, dilation: ints(attrs["dilations"])[0]!, groups: num(attrs["group"]) };
}

/**
 * dX of Conv. Stride 1: a Conv of dy with the spatially flipped, in/out-swapped kernel and padding
 * d(k−1)−p (ORT's Conv is ~2× faster than its ConvTranspose, measured). Otherwise
 * ConvTranspose(dy, W) with the output padding that restores X's size.
 */
function convInputGrad(dy: Tensor, w: Tensor, xShape: readonly number[], attrs: Node["attrs"]): Tensor {
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
function convWeightGrad(x: Tensor, dy: Tensor, wShape: readonly number[], attrs: Node["attrs"]): Tensor {
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

/** Gradient of x[start::step] along `axis`: interleave step−1 zeros, then zero-pad to x's length. */
function sliceGrad(dy: Tensor, a: Tensor, axis: number, start: number, step: number): Tensor {
  let g = dy;
  if (step > 1) {
    const withSlot = [...dy.shape];
    withSlot.splice(axis + 1, 0, 1);
    const pads = new Array<number>(2 * withSlot.length).fill(0);
    pads[axis + 1 + withSlot.length] = step - 1;
    const merged = [...dy.shape];
    merged[axis] = dy.dim(axis) * step;
    g = op.reshape(op.pad(op.reshape(dy, withSlot), pads), merged);
  }
  const after = a.dim(axis) - start - g.dim(axis);
  if (after < 0) g = op.slice(g, axis, 0, g.dim(axis) + after);
  const pads = new Array<number>(2 * a.rank).fill(0);
  pads[axis] = start;
  pads[axis + a.rank] = Math.max(after, 0);
  return op.pad(g, pads);
}

/** Resize is linear: y = A_H·x·A_Wᵀ per channel, so dx = A_Hᵀ·dy·A_W (constant matrices). */
function resizeGrad(dy: Tensor, a: Tensor, factor: number, mode: UpsampleMode): Tensor {
  const [h, w] = [a.dim(2), a.dim(3)];
  const ah = dy.g.constant(resizeMatrix(h, factor, mode), [h * factor, h], dy.dtype);
  const aw = dy.g.constant(resizeMatrix(w, factor, mode), [w * factor, w], dy.dtype);
  return op.matmul(op.matmul(op.transposeLast2(ah), dy), aw);
}
