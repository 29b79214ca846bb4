/** Matrix products: MatMul (batched, numpy broadcasting of batch dims) and Gemm (2-D with transposes). */
import { MlError, fmtShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { broadcastShapes } from "./util.js";

/** a [..., m, k] @ b [..., k, n] → [..., m, n]; both of rank ≥ 2. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank < 2 || b.rank < 2 || a.dim(-1) !== b.dim(-2) || a.dtype !== b.dtype) {
    throw new MlError("ML_SHAPE", `MatMul: cannot multiply ${a.dtype} ${fmtShape(a.shape)} by ${b.dtype} ${fmtShape(b.shape)} (need rank ≥ 2, a[-1] == b[-2])`);
  }
  const batch = broadcastShapes("MatMul", a.shape.slice(0, -2), b.shape.slice(0, -2));
  return a.g.node("MatMul", [a, b], [...batch, a.dim(-2), b.dim(-1)], a.dtype);
}

/** op(a) @ op(b) for 2-D a, b, where op transposes when the flag is set (ONNX Gemm without C). */
export function gemm(a: Tensor, b: Tensor, transA = false, transB = false): Tensor {
  if (a.rank !== 2 || b.rank !== 2) throw new MlError("ML_SHAPE", `Gemm: needs 2-D inputs, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const [m, k] = transA ? [a.dim(1), a.dim(0)] : [a.dim(0), a.dim(1)];
  const [k2, n] = transB ? [b.dim(1), b.dim(0)] : [b.dim(0), b.dim(1)];
  if (k !== k2) throw new MlError("ML_SHAPE", `Gemm: inner sizes differ: ${fmtShape(a.shape)}${transA ? "ᵀ" : ""} × ${fmtShape(b.shape)}${transB ? "ᵀ" : ""}`);
  return a.g.node("Gemm", [a, b], [m, n], a.dtype, { transA: transA ? 1 : 0, transB: transB ? 1 : 0 });
}
