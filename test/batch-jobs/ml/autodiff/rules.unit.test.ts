/**
 * One line per op with a gradient rule: analytic gradient (training graph) vs central finite
 * differences (inference graph), both through onnxruntime. float64 where ORT CPU has kernels;
 * Conv / ConvTranspose / Erf / Resize in float32 (tolerance: |Δ| ≤ 3e-3 + 2e-2·|numeric|).
 * The last test fails if a rule exists that no line exercises. Conv's weight gradient has two
 * formulations chosen by shape (Ho·Wo ≥ Cg·k²: one-hot-Conv im2col, else stacked taps); the conv
 * lines cover both, with stride, dilation, groups and ConvTranspose on each side.
 */
import { describe, expect, test } from "vitest";
import { gradRules, op, type GraphBuilder, type Tensor } from "../../../../batch-jobs/ml/index.js";
import { gradCheck, type GradCase } from "./gradcheck.js";

const i64 = (g: GraphBuilder, v: number[], shape = [v.length]): Tensor => g.constant(v, shape, "int64");

// prettier-ignore
const CASES: GradCase[] = [
  { name: "Add (broadcast)", shapes: [[2, 3], [3]], fn: (_, [a, b]) => op.add(a!, b!) },
  { name: "Sub (broadcast)", shapes: [[2, 3], [2, 1]], fn: (_, [a, b]) => op.sub(a!, b!) },
  { name: "Mul (broadcast)", shapes: [[2, 1, 3], [4, 1]], fn: (_, [a, b]) => op.mul(a!, b!) },
  { name: "Div (broadcast)", shapes: [[2, 3], [3]], fn: (_, [a, b]) => op.div(a!, b!), positive: true },
  { name: "Pow", shapes: [[2, 3], [3]], fn: (_, [a, b]) => op.pow(a!, b!), positive: true },
  { name: "Neg", shapes: [[2, 3]], fn: (_, [a]) => op.neg(a!) },
  { name: "Exp", shapes: [[2, 3]], fn: (_, [a]) => op.exp(a!) },
  { name: "Log", shapes: [[2, 3]], fn: (_, [a]) => op.log(a!), positive: true },
  { name: "Sqrt", shapes: [[2, 3]], fn: (_, [a]) => op.sqrt(a!), positive: true },
  { name: "Tanh", shapes: [[2, 3]], fn: (_, [a]) => op.tanh(a!) },
  { name: "Sigmoid", shapes: [[2, 3]], fn: (_, [a]) => op.sigmoid(a!) },
  { name: "Erf (f32)", shapes: [[2, 3]], fn: (_, [a]) => op.erf(a!), float32: true },
  { name: "Gelu (fused, f32)", shapes: [[2, 3]], fn: (_, [a]) => op.gelu(op.mul(a!, 2)), float32: true },
  { name: "Relu", shapes: [[2, 3]], fn: (_, [a]) => op.relu(a!) },
  { name: "Sin", shapes: [[2, 3]], fn: (_, [a]) => op.sin(op.mul(a!, 3)) },
  { name: "Cos", shapes: [[2, 3]], fn: (_, [a]) => op.cos(op.mul(a!, 3)) },
  { name: "Abs", shapes: [[2, 3]], fn: (_, [a]) => op.abs(a!) },
  { name: "Sign", shapes: [[2, 3], [2, 3]], fn: (_, [a, b]) => op.mul(op.sign(a!), b!) },
  { name: "Equal+Cast", shapes: [[2, 3]], fn: (g, [a]) => op.mul(op.cast(op.equal(i64(g, [0, 1, 2]), 1), g.dtype), a!) },
  { name: "Greater+Where", shapes: [[2, 3], [3]], fn: (_, [a, b]) => op.where(op.greater(a!, b!), op.mul(a!, 2), b!) },
  { name: "Cast (float→float)", shapes: [[2, 3]], fn: (_, [a]) => op.mul(op.cast(op.cast(a!, "float64"), "float32"), 2), float32: true },
  { name: "StopGradient", shapes: [[2, 3], [2, 3]], fn: (_, [a, b]) => op.add(b!, op.stopGradient(op.mul(a!, 0))) },
  { name: "MatMul (2-D weight)", shapes: [[2, 3, 4], [4, 5]], fn: (_, [a, b]) => op.matmul(a!, b!) },
  { name: "MatMul (batched)", shapes: [[2, 3, 4], [2, 4, 2]], fn: (_, [a, b]) => op.matmul(a!, b!) },
  { name: "MatMul (broadcast)", shapes: [[2, 1, 3, 4], [3, 4, 2]], fn: (_, [a, b]) => op.matmul(a!, b!) },
  { name: "Gemm", shapes: [[3, 4], [4, 2]], fn: (_, [a, b]) => op.gemm(a!, b!) },
  { name: "Gemm (Aᵀ)", shapes: [[4, 3], [4, 2]], fn: (_, [a, b]) => op.gemm(a!, b!, true, false) },
  { name: "Gemm (Bᵀ)", shapes: [[3, 4], [2, 4]], fn: (_, [a, b]) => op.gemm(a!, b!, false, true) },
  { name: "Gemm (AᵀBᵀ)", shapes: [[4, 3], [2, 4]], fn: (_, [a, b]) => op.gemm(a!, b!, true, true) },
  { name: "ReduceSum", shapes: [[2, 3, 4]], fn: (_, [a]) => op.sum(a!, [0, 2]) },
  { name: "ReduceMean (keepdims)", shapes: [[2, 3, 4]], fn: (_, [a]) => op.mean(a!, [1], true) },
  { name: "ReduceMax", shapes: [[2, 3, 4]], fn: (_, [a]) => op.max(a!, [2]) },
  { name: "Reshape", shapes: [[2, 6]], fn: (_, [a]) => op.reshape(a!, [3, -1]) },
  { name: "Transpose", shapes: [[2, 3, 4]], fn: (_, [a]) => op.transpose(a!, [2, 0, 1]) },
  { name: "Expand", shapes: [[3, 1]], fn: (_, [a]) => op.expand(a!, [2, 3, 4]) },
  { name: "Concat", shapes: [[2, 3], [2, 2]], fn: (_, [a, b]) => op.concat([a!, b!, a!], 1) },
  { name: "Slice", shapes: [[3, 5]], fn: (_, [a]) => op.slice(a!, 1, 1, -1) },
  { name: "Slice (2 axes)", shapes: [[3, 4, 5]], fn: (_, [a]) => op.sliceAxes(a!, [{ axis: 2, start: 1, end: 5, step: 2 }, { axis: 0, start: 1, end: 3 }]) },
  { name: "Slice (step 2)", shapes: [[3, 7]], fn: (_, [a]) => op.concat([op.slice(a!, 1, 1, 7, 2), op.slice(a!, 1, 0, 5, 3)], 1) },
  { name: "Reverse", shapes: [[2, 3, 4]], fn: (_, [a]) => op.reverse(a!, [0, 2]) },
  { name: "Pad", shapes: [[2, 3]], fn: (_, [a]) => op.pad(a!, [1, 0, 0, 2]) },
  { name: "Gather (repeated ids)", shapes: [[5, 3]], fn: (g, [t]) => op.gather(t!, i64(g, [4, 0, 4, 2], [2, 2])) },
  { name: "Softmax", shapes: [[2, 4]], fn: (_, [a]) => op.softmax(a!, 1) },
  { name: "Softmax (axis 0)", shapes: [[3, 2]], fn: (_, [a]) => op.softmax(a!, 0) },
  { name: "LogSoftmax", shapes: [[2, 4]], fn: (_, [a]) => op.logSoftmax(a!, -1) },
  { name: "LayerNormalization", shapes: [[2, 3, 4], [4], [4]], fn: (_, [x, s, b]) => op.layerNorm(x!, s!, b!) },
  { name: "LayerNormalization (affine-free)", shapes: [[2, 3, 4]], fn: (_, [x]) => op.layerNorm(x!) },
  { name: "LayerNormalization (axis 1)", shapes: [[2, 3, 2], [3, 2], [3, 2]], fn: (_, [x, s, b]) => op.layerNorm(x!, s!, b!, { axis: 1 }) },
  { name: "Conv (f32)", shapes: [[2, 2, 5, 5], [3, 2, 3, 3]], fn: (_, [x, w]) => op.conv2d(x!, w!, { padding: 1 }), float32: true },
  { name: "Conv (stride 1, pad 0, dilation 2, f32)", shapes: [[1, 2, 6, 5], [2, 2, 2, 2]], fn: (_, [x, w]) => op.conv2d(x!, w!, { dilation: 2 }), float32: true },
  { name: "Conv (C > O: dy-shifted weight grad, f32)", shapes: [[2, 6, 4, 5], [2, 6, 3, 3]], fn: (_, [x, w]) => op.conv2d(x!, w!, { padding: 1 }), float32: true },
  { name: "Conv (C > O, groups 2, dilation 2, f32)", shapes: [[1, 4, 6, 6], [2, 2, 2, 2]], fn: (_, [x, w]) => op.conv2d(x!, w!, { groups: 2, dilation: 2, padding: 1 }), float32: true },
  { name: "Conv (stride 2, f32)", shapes: [[1, 2, 6, 6], [2, 2, 3, 3]], fn: (_, [x, w]) => op.conv2d(x!, w!, { stride: 2, padding: 1 }), float32: true },
  { name: "Conv (groups, dilation, f32)", shapes: [[2, 4, 6, 6], [4, 2, 2, 2]], fn: (_, [x, w]) => op.conv2d(x!, w!, { groups: 2, dilation: 2 }), float32: true },
  { name: "Conv (stride 2 patchify, f32)", shapes: [[1, 1, 4, 4], [3, 1, 2, 2]], fn: (_, [x, w]) => op.conv2d(x!, w!, { stride: 2 }), float32: true },
  { name: "ConvTranspose (f32)", shapes: [[2, 3, 3, 3], [3, 2, 3, 3]], fn: (_, [x, w]) => op.convTranspose2d(x!, w!, { stride: 2, padding: 1, outputPadding: 1 }), float32: true },
  { name: "Conv (1×1, stride 2, f32)", shapes: [[2, 3, 5, 5], [2, 3, 1, 1]], fn: (_, [x, w]) => op.conv2d(x!, w!, { stride: 2 }), float32: true },
  { name: "Conv (depthwise, pad 2, f32)", shapes: [[1, 3, 4, 4], [3, 1, 3, 3]], fn: (_, [x, w]) => op.conv2d(x!, w!, { groups: 3, padding: 2 }), float32: true },
  { name: "ConvTranspose (groups, f32)", shapes: [[1, 4, 3, 3], [4, 1, 2, 2]], fn: (_, [x, w]) => op.convTranspose2d(x!, w!, { stride: 2, groups: 2 }), float32: true },
  { name: "Conv (1×1, stride 1: stacked-taps weight grad, f32)", shapes: [[2, 3, 4, 4], [2, 3, 1, 1]], fn: (_, [x, w]) => op.conv2d(x!, w!), float32: true },
  { name: "Conv (stride 2, long rows: one-hot im2col, f32)", shapes: [[1, 2, 10, 10], [2, 2, 3, 3]], fn: (_, [x, w]) => op.conv2d(x!, w!, { stride: 2, padding: 1 }), float32: true },
  { name: "ConvTranspose (long rows: one-hot im2col, f32)", shapes: [[1, 1, 5, 5], [1, 2, 3, 3]], fn: (_, [x, w]) => op.convTranspose2d(x!, w!, { stride: 2, padding: 1, outputPadding: 1 }), float32: true },
  { name: "Resize nearest (f32)", shapes: [[1, 2, 3, 2]], fn: (_, [x]) => op.upsample(x!, 2, "nearest"), float32: true },
  { name: "Resize bilinear (f32)", shapes: [[1, 2, 3, 2]], fn: (_, [x]) => op.upsample(x!, 2, "bilinear"), float32: true },
];

describe("gradient rules vs finite differences (onnxruntime)", () => {
  test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const r = await gradCheck(c);
    expect(r.failures).toEqual([]);
    expect(r.checked).toBeGreaterThan(0);
  });

  test("every rule in autodiff/rules.ts is exercised by a line above", async () => {
    const seen = new Set<string>();
    for (const c of CASES) for (const o of (await gradCheck({ ...c, maxPerParam: 1 })).ops) seen.add(o);
    expect(Object.keys(gradRules).filter((o) => !seen.has(o))).toEqual([]);
  });
});
