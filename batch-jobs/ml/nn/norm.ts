/** LayerNorm and GroupNorm layers with learnable scale (init 1) and shift (init 0). */
import type { GraphBuilder } from "../graph/builder.js";
import { groupNorm as groupNormOp, layerNorm as layerNormOp } from "../graph/ops/norm.js";
import type { Tensor } from "../graph/tensor.js";

export function layerNorm(g: GraphBuilder, name: string, x: Tensor, o: { eps?: number; group?: string } = {}): Tensor {
  const d = x.dim(-1);
  const scale = g.param(`${name}.weight`, [d], { group: o.group, init: { kind: "ones" } });
  const bias = g.param(`${name}.bias`, [d], { group: o.group, init: { kind: "zeros" } });
  return layerNormOp(x, scale, bias, { eps: o.eps });
}

export function groupNorm(g: GraphBuilder, name: string, x: Tensor, o: { groups: number; eps?: number; group?: string }): Tensor {
  const c = x.dim(1);
  const scale = g.param(`${name}.weight`, [c], { group: o.group, init: { kind: "ones" } });
  const bias = g.param(`${name}.bias`, [c], { group: o.group, init: { kind: "zeros" } });
  return groupNormOp(x, o.groups, scale, bias, o.eps);
}
