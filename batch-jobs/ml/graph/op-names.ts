/**
 * Every op name a graph node can carry, as unions, so a misspelt name is a compile error (the
 * gradient table and the ONNX emitters are keyed by them). Three kinds, by how autodiff treats them.
 */

/** Ops with a gradient rule (autodiff/rules.ts): ONNX primitives, plus the few fused ops named there. */
export type PrimitiveOp =
  | "Add" | "Sub" | "Mul" | "Div" | "Pow"
  | "Neg" | "Exp" | "Log" | "Sqrt" | "Tanh" | "Sigmoid" | "Erf" | "Gelu" | "Relu" | "Sin" | "Cos" | "Abs" | "Sign"
  | "Equal" | "Greater" | "Where" | "Cast" | "StopGradient"
  | "MatMul" | "Gemm"
  | "ReduceSum" | "ReduceMean" | "ReduceMax"
  | "Reshape" | "Transpose" | "Expand" | "Concat" | "Slice" | "Reverse" | "Pad" | "Gather"
  | "Softmax" | "LogSoftmax" | "LayerNormalization"
  | "Conv" | "ConvTranspose" | "Resize";

/** Nodes without inputs: the backward pass stops at them. */
export type LeafOp = "Input" | "Param" | "Constant" | "Zeros";

/** Ops only the backward pass emits (Gather's gradient); no rule, as second derivatives are not supported. */
export type BackwardOnlyOp = "ScatterNDAdd";

export type OpName = PrimitiveOp | LeafOp | BackwardOnlyOp;

export function isLeafOp(op: OpName): op is LeafOp {
  return op === "Input" || op === "Param" || op === "Constant" || op === "Zeros";
}
