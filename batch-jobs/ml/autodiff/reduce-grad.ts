/** Gradients of the reductions: dy is reshaped back to the kept axes and broadcast over them. */
import * as op from "../graph/ops/index.js";
import type { Tensor } from "../graph/tensor.js";
import { ints, type RuleContext } from "./rule-context.js";

export const reduceSumGrad = ({ dy, x: [a], attrs }: RuleContext): Tensor[] => [op.expand(op.reshape(dy, keptShape(a!, attrs)), a!.shape)];

export const reduceMeanGrad = ({ dy, x: [a], attrs }: RuleContext): Tensor[] => [
  op.expand(op.reshape(op.div(dy, reducedCount(a!, attrs)), keptShape(a!, attrs)), a!.shape),
];

/** ReduceMax: the gradient goes to the maxima, shared equally among ties. */
export function reduceMaxGrad({ dy, x: [a], y, attrs }: RuleContext): Tensor[] {
  const axes = ints(attrs["axes"]);
  const hit = op.cast(op.equal(a!, op.reshape(y, keptShape(a!, attrs))), a!.dtype); // ties share the gradient
  return [op.mul(op.div(hit, op.sum(hit, axes, true)), op.reshape(dy, keptShape(a!, attrs)))];
}

function keptShape(a: Tensor, attrs: RuleContext["attrs"]): number[] {
  const axes = ints(attrs["axes"]);
  return a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function reducedCount(a: Tensor, attrs: RuleContext["attrs"]): number {
  return ints(attrs["axes"]).reduce((n, i) => n * a.dim(i), 1);
}
