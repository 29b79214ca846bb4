/** Gradient of the fused LayerNormalization, as a graph of primitives. */
import * as op from "../graph/ops/index.js";
import type { Tensor } from "../graph/tensor.js";
import { num, type RuleContext } from "./rule-context.js";

/**
 * LayerNorm backward (recomputing the statistics from x with primitives):
 * x̂ = (x−μ)·r, r = 1/√(σ²+ε); dx̂ = dy·γ; dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂⊙x̂));
 * dγ = Σ_batch dy⊙x̂; dβ = Σ_batch dy.
 */
export function layerNormGrads({ dy, x: [x, scale, bias], y, attrs }: RuleContext): Tensor[] {
  const axis = num(attrs["axis"]);
  const normAxes = x!.shape.map((_, i) => i).filter((i) => i >= axis);
  const batchAxes = x!.shape.map((_, i) => i).filter((i) => i < axis);
  const centred = op.sub(x!, op.mean(x!, normAxes, true));
  const rstd = op.div(1, op.sqrt(op.add(op.mean(op.mul(centred, centred), normAxes, true), num(attrs["epsilon"]))));
  // Affine-free norm (adaLN): scale ≡ 1, bias ≡ 0 ⇒ x̂ is the output itself and dx̂ = dy.
  const unitScale = isConstant(scale!, 1);
  const xhat = unitScale && isConstant(bias!, 0) ? y : op.mul(centred, rstd);
  const dxhat = unitScale ? dy : op.mul(dy, scale!);
  const inner = op.sub(op.sub(dxhat, op.mean(dxhat, normAxes, true)), op.mul(xhat, op.mean(op.mul(dxhat, xhat), normAxes, true)));
  const dx = op.mul(rstd, inner);
  const dscale = batchAxes.length ? op.sum(op.mul(dy, xhat), batchAxes) : op.mul(dy, xhat);
  const dbias = batchAxes.length ? op.sum(dy, batchAxes) : dy;
  return [dx, dscale, dbias];
}

function isConstant(t: Tensor, value: number): boolean {
  return t.node.op === "Constant" && (t.node.values ?? []).every((v) => v === value);
}
