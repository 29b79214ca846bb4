/** Gradients of MatMul and Gemm, each kept to as few GEMMs as the forward. */
import * as op from "../graph/ops/index.js";
import type { Tensor } from "../graph/tensor.js";
import { unbroadcast as unb } from "./unbroadcast.js";

/** dA = dy·Bᵀ, dB = Aᵀ·dy; a shared 2-D weight gets ONE Gemm over the flattened batch. */
export function matmulGrads(dy: Tensor, a: Tensor, b: Tensor): Tensor[] {
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
export function gemmGrads(dy: Tensor, a: Tensor, b: Tensor, tA: boolean, tB: boolean): Tensor[] {
  const da = tA ? op.gemm(b, dy, tB, true) : op.gemm(dy, b, false, !tB);
  const db = tB ? op.gemm(dy, a, true, tA) : op.gemm(a, dy, !tA, false);
  return [da, db];
}
