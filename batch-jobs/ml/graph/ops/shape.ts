/** Layout ops: reshape, transpose, concat, slice, pad, gather (embedding lookup), expand, stop-gradient. */
import { elementCount } from "../../host-tensor.js";
import { MlError, fmtShape } from "../errors.js";
import { Tensor, isFloat } from "../tensor.js";
import { broadcastShapes, normAxis, sameShape } from "./util.js";

/** Reshape; one dimension may be -1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const known = shape.filter((d) => d !== -1);
  const free = shape.length - known.length;
  const total = elementCount(x.shape);
  const knownCount = elementCount(known);
  if (free > 1 || known.some((d) => d < 0) || (free === 0 && knownCount !== total) || (free === 1 && (knownCount === 0 || total % knownCount !== 0))) {
    throw new MlError("ML_SHAPE", `Reshape: cannot reshape ${fmtShape(x.shape)} (${total} elements) to ${fmtShape(shape)}`);
  }
  const out = shape.map((d) => (d === -1 ? total / knownCount : d));
  if (sameShape(out, x.shape)) return x;
  return x.g.node("Reshape", [x], out, x.dtype, { shape: out });
}

/** Permutes axes (default: reverse them, as ONNX). */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  const sorted = [...p].sort((a, b) => a - b);
  if (p.length !== x.rank || sorted.some((v, i) => v !== i)) {
    throw new MlError("ML_SHAPE", `Transpose: perm ${fmtShape(p)} is not a permutation of the axes of ${fmtShape(x.shape)}`);
  }
  if (p.every((v, i) => v === i)) return x;
  return x.g.node("Transpose", [x], p.map((i) => x.shape[i]!), x.dtype, { perm: [...p] });
}

/** Swaps the last two axes (matrix transpose of a batch of matrices). */
export function transposeLast2(x: Tensor): Tensor {
  if (x.rank < 2) throw new MlError("ML_SHAPE", `transposeLast2: needs rank ≥ 2, got ${fmtShape(x.shape)}`);
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return transpose(x, perm);
}

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  const first = xs[0];
  if (!first) throw new MlError("ML_SHAPE", "Concat: needs at least one tensor");
  const ax = normAxis("Concat", axis, first.rank);
  let total = 0;
  for (const t of xs) {
    const ok = t.rank === first.rank && t.dtype === first.dtype && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) throw new MlError("ML_SHAPE", `Concat(axis ${axis}): shapes ${xs.map((s) => fmtShape(s.shape)).join(" ")} differ outside the axis`);
    total += t.shape[ax]!;
  }
  if (xs.length === 1) return first;
  const shape = [...first.shape];
  shape[ax] = total;
  return first.g.node("Concat", xs, shape, first.dtype, { axis: ax });
}

/** x[start:end:step] along `axis` (negative start/end count from the end; step ≥ 1). */
export function slice(x: Tensor, axis: number, start: number, end: number, step = 1): Tensor {
  return sliceAxes(x, [{ axis, start, end, step }]);
}

export interface SliceSpec {
  axis: number;
  start: number;
  end: number;
  step?: number;
}

/** Several axes sliced by one op (one copy instead of one per axis). */
export function sliceAxes(x: Tensor, specs: readonly SliceSpec[]): Tensor {
  const shape = [...x.shape];
  const starts: number[] = [];
  const ends: number[] = [];
  const axes: number[] = [];
  const steps: number[] = [];
  for (const { axis, start, end, step = 1 } of specs) {
    const ax = normAxis("Slice", axis, x.rank);
    const n = x.shape[ax]!;
    const s = start < 0 ? start + n : start;
    const e = end < 0 ? end + n : Math.min(end, n);
    if (s < 0 || e > n || s >= e || !Number.isInteger(step) || step < 1 || axes.includes(ax)) {
      throw new MlError("ML_SHAPE", `Slice: [${start}:${end}:${step}] on axis ${axis} of ${fmtShape(x.shape)} is empty, out of range or repeated`);
    }
    if (s === 0 && e === n && step === 1) continue;
    shape[ax] = Math.ceil((e - s) / step);
    starts.push(s);
    ends.push(e);
    axes.push(ax);
    steps.push(step);
  }
  if (axes.length === 0) return x;
  return x.g.node("Slice", [x], shape, x.dtype, { starts, ends, axes, steps });
}

/** x reversed along `axes` (kernel flips for the conv input gradient). */
export function reverse(x: Tensor, axes: readonly number[]): Tensor {
  const ax = [...new Set(axes.map((a) => normAxis("Reverse", a, x.rank)))].sort((p, q) => p - q);
  if (ax.length === 0) return x;
  return x.g.node("Reverse", [x], x.shape, x.dtype, { axes: ax });
}

/** Zero padding: pads = [begin_0..begin_{r-1}, end_0..end_{r-1}] (ONNX order), all ≥ 0. */
export function pad(x: Tensor, pads: readonly number[]): Tensor {
  if (pads.length !== 2 * x.rank || pads.some((p) => p < 0 || !Number.isInteger(p))) {
    throw new MlError("ML_SHAPE", `Pad: pads ${fmtShape(pads)} must be ${2 * x.rank} non-negative integers for ${fmtShape(x.shape)}`);
  }
  if (pads.every((p) => p === 0)) return x;
  const shape = x.shape.map((d, i) => d + pads[i]! + pads[i + x.rank]!);
  return x.g.node("Pad", [x], shape, x.dtype, { pads: [...pads] });
}

/** Embedding lookup: rows of `table` [V, ...] picked by int64 `indices` (any shape). */
export function gather(table: Tensor, indices: Tensor): Tensor {
  if (indices.dtype !== "int64") throw new MlError("ML_SHAPE", `Gather: indices must be int64, got ${indices.dtype}`);
  if (table.rank < 1) throw new MlError("ML_SHAPE", "Gather: table must have rank ≥ 1");
  return table.g.node("Gather", [table, indices], [...indices.shape, ...table.shape.slice(1)], table.dtype, { axis: 0 });
}

/** Broadcasts x to `shape` (ONNX Expand). */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const out = broadcastShapes("Expand", x.shape, shape);
  if (!sameShape(out, shape)) throw new MlError("ML_SHAPE", `Expand: ${fmtShape(x.shape)} does not broadcast to ${fmtShape(shape)}`);
  if (sameShape(x.shape, shape)) return x;
  return x.g.node("Expand", [x], shape, x.dtype, { shape: [...shape] });
}

/** Identity whose gradient is zero (targets, anchors, baselines). */
export function stopGradient(x: Tensor): Tensor {
  return x.g.node("StopGradient", [x], x.shape, x.dtype);
}

/** A zero tensor of `shape` (ONNX ConstantOfShape: no big initializer). */
export function zeros(like: Tensor, shape: readonly number[]): Tensor {
  if (!isFloat(like.dtype)) throw new MlError("ML_SHAPE", "zeros: float dtype expected");
  return like.g.node("Zeros", [], shape, like.dtype, { shape: [...shape] });
}

/** out = zeros(shape); out[indices[i]] += updates[i] (ScatterND, reduction add): the gradient of Gather. */
export function scatterAddRows(shape: readonly number[], indices: Tensor, updates: Tensor): Tensor {
  const base = zeros(updates, shape);
  const idx = reshape(indices, [...indices.shape, 1]);
  return updates.g.node("ScatterNDAdd", [base, idx, updates], shape, updates.dtype);
}
