/** Broadcasting binary ops, unary math, comparisons, Where and Cast (all ONNX primitives). */
import { MlError, fmtShape } from "../errors.js";
import type { PrimitiveOp } from "../op-names.js";
import { Tensor, type DType } from "../tensor.js";
import { broadcastShapes, lift, requireFloat } from "./util.js";

function binary(op: PrimitiveOp, a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof a === "number" && typeof b === "number") throw new MlError("ML_GRAPH", `${op}: at least one operand must be a tensor`);
  const ta = typeof a === "number" ? lift(a, b as Tensor) : a;
  const tb = lift(b, ta);
  if (ta.dtype !== tb.dtype) throw new MlError("ML_SHAPE", `${op}: dtypes differ (${ta.dtype} ${fmtShape(ta.shape)} vs ${tb.dtype} ${fmtShape(tb.shape)})`);
  return ta.g.node(op, [ta, tb], broadcastShapes(op, ta.shape, tb.shape), ta.dtype);
}

export const add = (a: Tensor | number, b: Tensor | number): Tensor => binary("Add", a, b);
export const sub = (a: Tensor | number, b: Tensor | number): Tensor => binary("Sub", a, b);
export const mul = (a: Tensor | number, b: Tensor | number): Tensor => binary("Mul", a, b);
export const div = (a: Tensor | number, b: Tensor | number): Tensor => binary("Div", a, b);
/** a^b elementwise (ONNX Pow); the gradient w.r.t. b needs a > 0. */
export const pow = (a: Tensor | number, b: Tensor | number): Tensor => binary("Pow", a, b);

function unary(op: PrimitiveOp, x: Tensor): Tensor {
  requireFloat(op, x);
  return x.g.node(op, [x], x.shape, x.dtype);
}

export const neg = (x: Tensor): Tensor => unary("Neg", x);
export const exp = (x: Tensor): Tensor => unary("Exp", x);
export const log = (x: Tensor): Tensor => unary("Log", x);
export const sqrt = (x: Tensor): Tensor => unary("Sqrt", x);
export const tanh = (x: Tensor): Tensor => unary("Tanh", x);
export const sigmoid = (x: Tensor): Tensor => unary("Sigmoid", x);
/** Gauss error function (no float64 kernel in ORT CPU). */
export const erf = (x: Tensor): Tensor => unary("Erf", x);
export const relu = (x: Tensor): Tensor => unary("Relu", x);
export const sin = (x: Tensor): Tensor => unary("Sin", x);
export const cos = (x: Tensor): Tensor => unary("Cos", x);
export const abs = (x: Tensor): Tensor => unary("Abs", x);
/** sign(x) ∈ {-1, 0, 1}; zero gradient. */
export const sign = (x: Tensor): Tensor => unary("Sign", x);
export const square = (x: Tensor): Tensor => mul(x, x);

function compare(op: PrimitiveOp, a: Tensor, b: Tensor | number): Tensor {
  const tb = lift(b, a);
  if (a.dtype !== tb.dtype) throw new MlError("ML_SHAPE", `${op}: dtypes differ (${a.dtype} vs ${tb.dtype})`);
  return a.g.node(op, [a, tb], broadcastShapes(op, a.shape, tb.shape), "bool");
}

export const equal = (a: Tensor, b: Tensor | number): Tensor => compare("Equal", a, b);
export const greater = (a: Tensor, b: Tensor | number): Tensor => compare("Greater", a, b);

/** cond ? a : b, broadcasting all three. */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  if (cond.dtype !== "bool") throw new MlError("ML_SHAPE", `Where: condition must be bool, got ${cond.dtype}`);
  const ta = typeof a === "number" ? lift(a, b as Tensor) : a;
  const tb = lift(b, ta);
  const shape = broadcastShapes("Where", broadcastShapes("Where", cond.shape, ta.shape), tb.shape);
  return cond.g.node("Where", [cond, ta, tb], shape, ta.dtype);
}

/** Elementwise min/max (ties pick `a`, which then gets the whole gradient) and clip, via Where. */
export const minimum = (a: Tensor, b: Tensor | number): Tensor => where(greater(a, b), b, a);
export const maximum = (a: Tensor, b: Tensor | number): Tensor => where(greater(lift(b, a), a), b, a);
export const clip = (x: Tensor, lo: number, hi: number): Tensor => minimum(maximum(x, lo), hi);

export function cast(x: Tensor, to: DType): Tensor {
  if (x.dtype === to) return x;
  return x.g.node("Cast", [x], x.shape, to, { to });
}
