/**
 * How each IR op becomes ONNX (opset 21). Most are 1:1; values that are attributes in the IR but
 * inputs in modern opsets (shapes, axes, pads, slice bounds, scales) become int64/float
 * initializers via `k(...)`.
 */
import { MlError } from "../graph/errors.js";
import type { OpName } from "../graph/op-names.js";
import type { Node } from "../graph/tensor.js";
import type { OnnxAttr, OnnxDType, OnnxNode } from "./onnx-proto.js";
import { rawBytes } from "./onnx-proto.js";

export interface EmitContext {
  /** Value name of a node's output. */
  name(n: Node): string;
  /** Name of a (deduplicated) constant initializer. */
  k(values: readonly number[], dims: readonly number[], dtype: OnnxDType): string;
}

type Emitter = (n: Node, c: EmitContext, inputs: string[]) => { op: string; inputs?: string[]; attrs?: OnnxAttr[] };

const ints = (name: string, v: unknown): OnnxAttr => ({ name, kind: "ints", value: v as number[] });
const int = (name: string, v: unknown): OnnxAttr => ({ name, kind: "int", value: v as number });
const i64 = (c: EmitContext, v: unknown): string => c.k(v as number[], [(v as number[]).length], "int64");
const plain = (op: string): Emitter => () => ({ op });

/** IR ops that are the ONNX op of the same name, without attributes. */
const PLAIN_OPS = ["Add", "Sub", "Mul", "Div", "Pow", "Neg", "Exp", "Log", "Sqrt", "Tanh", "Sigmoid", "Erf", "Gelu", "Relu", "Sin", "Cos", "Abs", "Sign", "Equal", "Greater", "Where", "MatMul"] as const satisfies readonly OpName[];

/** Input, Param and Constant become graph inputs and initializers (onnx/compile.ts), not nodes. */
type EmittedOp = Exclude<OpName, "Input" | "Param" | "Constant">;

const EMITTERS: Partial<Record<OpName, Emitter>> = {
  ...(Object.fromEntries(PLAIN_OPS.map((o) => [o, plain(o)])) as Record<(typeof PLAIN_OPS)[number], Emitter>),
  StopGradient: plain("Identity"),
  Cast: (n) => ({ op: "Cast", attrs: [int("to", { float32: 1, int64: 7, bool: 9, float64: 11 }[n.attrs["to"] as OnnxDType])] }),
  Gemm: (n) => ({ op: "Gemm", attrs: [int("transA", n.attrs["transA"]), int("transB", n.attrs["transB"])] }),
  ReduceSum: (n, c, i) => ({ op: "ReduceSum", inputs: [...i, i64(c, n.attrs["axes"])], attrs: [int("keepdims", n.attrs["keepdims"])] }),
  ReduceMean: (n, c, i) => ({ op: "ReduceMean", inputs: [...i, i64(c, n.attrs["axes"])], attrs: [int("keepdims", n.attrs["keepdims"])] }),
  ReduceMax: (n, c, i) => ({ op: "ReduceMax", inputs: [...i, i64(c, n.attrs["axes"])], attrs: [int("keepdims", n.attrs["keepdims"])] }),
  Reshape: (n, c, i) => ({ op: "Reshape", inputs: [...i, i64(c, n.attrs["shape"])] }),
  Expand: (n, c, i) => ({ op: "Expand", inputs: [...i, i64(c, n.attrs["shape"])] }),
  Transpose: (n) => ({ op: "Transpose", attrs: [ints("perm", n.attrs["perm"])] }),
  Concat: (n) => ({ op: "Concat", attrs: [int("axis", n.attrs["axis"])] }),
  Slice: (n, c, i) => ({ op: "Slice", inputs: [...i, i64(c, n.attrs["starts"]), i64(c, n.attrs["ends"]), i64(c, n.attrs["axes"]), i64(c, n.attrs["steps"])] }),
  // Slice with step −1: starts at n−1, ends below index 0 (−(n+1) + n = −1, ONNX Slice clamping).
  Reverse: (n, c, i) => {
    const axes = n.attrs["axes"] as number[];
    const dims = axes.map((a) => n.shape[a]!);
    return { op: "Slice", inputs: [...i, i64(c, dims.map((d) => d - 1)), i64(c, dims.map((d) => -(d + 1))), i64(c, axes), i64(c, axes.map(() => -1))] };
  },
  Pad: (n, c, i) => ({ op: "Pad", inputs: [...i, i64(c, n.attrs["pads"])] }),
  Gather: (n) => ({ op: "Gather", attrs: [int("axis", n.attrs["axis"])] }),
  ScatterNDAdd: () => ({ op: "ScatterND", attrs: [{ name: "reduction", kind: "string", value: "add" }] }),
  Zeros: (n, c) => ({
    op: "ConstantOfShape",
    inputs: [i64(c, n.attrs["shape"])],
    attrs: [{ name: "value", kind: "tensor", value: { name: "", dtype: n.dtype as OnnxDType, dims: [1], raw: rawBytes([0], n.dtype as OnnxDType) } }],
  }),
  Softmax: (n) => ({ op: "Softmax", attrs: [int("axis", n.attrs["axis"])] }),
  LogSoftmax: (n) => ({ op: "LogSoftmax", attrs: [int("axis", n.attrs["axis"])] }),
  LayerNormalization: (n) => ({ op: "LayerNormalization", attrs: [int("axis", n.attrs["axis"]), { name: "epsilon", kind: "float", value: n.attrs["epsilon"] as number }] }),
  Conv: (n) => ({ op: "Conv", attrs: convAttrs(n) }),
  ConvTranspose: (n) => ({ op: "ConvTranspose", attrs: [...convAttrs(n), ints("output_padding", n.attrs["output_padding"])] }),
  Resize: (n, c, i) => {
    const f = n.attrs["factor"] as number;
    const bilinear = n.attrs["mode"] === "bilinear";
    return {
      op: "Resize",
      inputs: [...i, "", c.k([1, 1, f, f], [4], "float32")],
      attrs: bilinear
        ? [{ name: "mode", kind: "string", value: "linear" }, { name: "coordinate_transformation_mode", kind: "string", value: "half_pixel" }]
        : [{ name: "mode", kind: "string", value: "nearest" }, { name: "coordinate_transformation_mode", kind: "string", value: "asymmetric" }, { name: "nearest_mode", kind: "string", value: "floor" }],
    };
  },
} satisfies Record<EmittedOp, Emitter>;

function convAttrs(n: Node): OnnxAttr[] {
  return ["kernel_shape", "strides", "pads", "dilations"].map((a) => ints(a, n.attrs[a])).concat(int("group", n.attrs["group"]));
}

export function emitNode(n: Node, c: EmitContext): OnnxNode {
  const e = EMITTERS[n.op];
  if (!e) throw new MlError("ML_COMPILE", `no ONNX emitter for op "${n.op}" (add one to onnx/emit-ops.ts)`);
  const inputs = n.inputs.map((i) => c.name(i));
  const r = e(n, c, inputs);
  return { opType: r.op, inputs: r.inputs ?? inputs, outputs: [c.name(n)], name: `${n.op}_${n.id}`, attrs: r.attrs ?? [] };
}
