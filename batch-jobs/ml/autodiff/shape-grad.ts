/** Gradients of the layout ops that need more than one line: Transpose, Concat, Slice, Pad. */
import * as op from "../graph/ops/index.js";
import type { Tensor } from "../graph/tensor.js";
import { ints, num, type RuleContext } from "./rule-context.js";

export const transposeGrad = ({ dy, attrs }: RuleContext): Tensor[] => [op.transpose(dy, inversePerm(ints(attrs["perm"])))];

/** Each input gets its own span of dy along the axis. */
export function concatGrad({ dy, x, attrs }: RuleContext): Tensor[] {
  const axis = num(attrs["axis"]);
  let start = 0;
  return x.map((t) => op.slice(dy, axis, start, (start += t.dim(axis))));
}

export function sliceGrads({ dy, x: [a], attrs }: RuleContext): Tensor[] {
  const [axes, starts, steps] = [ints(attrs["axes"]), ints(attrs["starts"]), ints(attrs["steps"])];
  return [axes.reduce((g, axis, k) => sliceGrad(g, a!, axis, starts[k]!, steps[k]!), dy)]; // axes are separable
}

/** Pad's gradient is the unpadded window of dy. */
export function padGrad({ dy, x: [a], attrs }: RuleContext): Tensor[] {
  const pads = ints(attrs["pads"]);
  let g = dy;
  a!.shape.forEach((d, i) => (g = op.slice(g, i, pads[i]!, pads[i]! + d)));
  return [g];
}

function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
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
