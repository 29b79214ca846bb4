/**
 * THE table of gradient rules: one op per line, each building graph nodes from the upstream
 * gradient `dy`, the op's inputs `x` and its output `y`; a `null` in a rule's result = no gradient
 * for that input, a `null` rule = no gradient at all (comparisons, Sign, StopGradient). The table
 * `satisfies Record<PrimitiveOp, …>`, so an op without a rule (or a misspelt one) does not compile.
 * Composite ops (silu, group norm, attention, losses...) are differentiated through the primitives
 * they are built from. Four fused ONNX ops have rules of their own, because the fused kernel is
 * what makes the forward fast or stable and their backward is short in closed form: Gelu (one
 * kernel instead of five), Softmax and LogSoftmax (stable normalisation), LayerNormalization (the
 * statistics recomputed from primitives, norm-grad.ts). Conv / ConvTranspose / Resize follow the
 * standard adjoint identities (Dumoulin & Visin 2016, "A guide to convolution arithmetic").
 */
import { MlError, fmtShape } from "../graph/errors.js";
import type { OpName, PrimitiveOp } from "../graph/op-names.js";
import * as op from "../graph/ops/index.js";
import { convInputGrad, convOpts } from "./conv-grad.js";
import { convWeightGrad } from "./conv-weight-grad.js";
import { gemmGrads, matmulGrads } from "./matmul-grad.js";
import { layerNormGrads } from "./norm-grad.js";
import { reduceMaxGrad, reduceMeanGrad, reduceSumGrad } from "./reduce-grad.js";
import { resizeGrads } from "./resize-grad.js";
import { ints, num, type GradRule } from "./rule-context.js";
import { concatGrad, padGrad, sliceGrads, transposeGrad } from "./shape-grad.js";
import { unbroadcast as unb } from "./unbroadcast.js";

export type { GradRule, RuleContext } from "./rule-context.js";

// prettier-ignore
export const gradRules = {
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
  Sign: null,
  Equal: null,
  Greater: null,
  Where: ({ dy, x: [c, a, b] }) => [null, unb(op.where(c!, dy, 0), a!.shape), unb(op.where(c!, 0, dy), b!.shape)],
  Cast: ({ dy, x: [a] }) => [a!.dtype === "float32" || a!.dtype === "float64" ? op.cast(dy, a!.dtype) : null],
  StopGradient: null,
  MatMul: ({ dy, x: [a, b] }) => matmulGrads(dy, a!, b!),
  Gemm: ({ dy, x: [a, b], attrs }) => gemmGrads(dy, a!, b!, num(attrs["transA"]) === 1, num(attrs["transB"]) === 1),
  ReduceSum: reduceSumGrad,
  ReduceMean: reduceMeanGrad,
  ReduceMax: reduceMaxGrad,
  Reshape: ({ dy, x: [a] }) => [op.reshape(dy, a!.shape)],
  Transpose: transposeGrad,
  Expand: ({ dy, x: [a] }) => [unb(dy, a!.shape)],
  Concat: concatGrad,
  Slice: sliceGrads,
  Reverse: ({ dy, attrs }) => [op.reverse(dy, ints(attrs["axes"]))],
  Pad: padGrad,
  Gather: ({ dy, x: [table, idx] }) => [op.scatterAddRows(table!.shape, idx!, dy), null],
  // Softmax: dx = y ⊙ (dy − Σ dy⊙y); LogSoftmax: dx = dy − softmax ⊙ Σ dy (sums along the axis).
  Softmax: ({ dy, y, attrs }) => [op.mul(y, op.sub(dy, op.sum(op.mul(dy, y), [num(attrs["axis"])], true)))],
  LogSoftmax: ({ dy, y, attrs }) => [op.sub(dy, op.mul(op.exp(y), op.sum(dy, [num(attrs["axis"])], true)))],
  LayerNormalization: layerNormGrads,
  Conv: ({ dy, x: [xin, w], attrs }) => [convInputGrad(dy, w!, xin!.shape, attrs), convWeightGrad(xin!, dy, w!.shape, attrs)],
  ConvTranspose: ({ dy, x: [xin, w], attrs }) => [op.conv2d(dy, w!, convOpts(attrs)), convWeightGrad(dy, xin!, w!.shape, attrs)],
  Resize: resizeGrads,
} satisfies Record<PrimitiveOp, GradRule | null>;

const rules: Partial<Record<OpName, GradRule | null>> = gradRules;

/**
 * The rule for `opName` (null: no gradient flows through it), or a loud error naming it: a
 * backward-only op (no second derivatives), or a name forced past the type.
 */
export function ruleFor(opName: OpName, shapes: readonly (readonly number[])[]): GradRule | null {
  const rule = rules[opName];
  if (rule === undefined) {
    throw new MlError("ML_NO_GRAD_RULE", `no gradient rule for op "${opName}" (inputs ${shapes.map(fmtShape).join(", ")}); add one to autodiff/rules.ts or wrap the input in stopGradient`);
  }
  return rule;
}
