/** Shape helpers shared by the ops. */
import { MlError, fmtShape } from "../errors.js";
import { Tensor, isFloat } from "../tensor.js";

/** Numpy/ONNX multidirectional broadcasting (ONNX Broadcasting.md). */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new MlError("ML_SHAPE", `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} do not broadcast (dim ${i}: ${da} vs ${db})`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Normalises a possibly negative axis, failing with the op name. */
export function normAxis(op: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) throw new MlError("ML_SHAPE", `${op}: axis ${axis} out of range for rank ${rank}`);
  return a;
}

export function requireFloat(op: string, ...ts: Tensor[]): void {
  for (const t of ts) {
    if (!isFloat(t.dtype)) throw new MlError("ML_SHAPE", `${op}: needs a float tensor, got ${t.dtype} ${fmtShape(t.shape)}`);
  }
}

export function requireRank(op: string, t: Tensor, rank: number, what = "input"): void {
  if (t.rank !== rank) throw new MlError("ML_SHAPE", `${op}: ${what} must have rank ${rank}, got ${fmtShape(t.shape)}`);
}

/** A number operand becomes a scalar constant of the other operand's dtype. */
export function lift(a: Tensor | number, like: Tensor): Tensor {
  return typeof a === "number" ? like.g.scalar(a, like.dtype) : a;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
