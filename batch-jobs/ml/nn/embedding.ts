/** Token embedding table and sinusoidal timestep embedding. */
import type { GraphBuilder } from "../graph/builder.js";
import { MlError, fmtShape } from "../graph/errors.js";
import { cos, mul, sin } from "../graph/ops/elementwise.js";
import { concat, gather, reshape } from "../graph/ops/shape.js";
import type { Tensor } from "../graph/tensor.js";

/** Rows of a [vocab, dim] table (init N(0, 0.02²)) picked by int64 ids of any shape. */
export function embedding(g: GraphBuilder, name: string, ids: Tensor, o: { vocab: number; dim: number; group?: string }): Tensor {
  const table = g.param(`${name}.weight`, [o.vocab, o.dim], { group: o.group, init: { kind: "normal", std: 0.02 } });
  return gather(table, ids);
}

/**
 * Sinusoidal embedding of (possibly fractional) timesteps t [B] → [B, dim]:
 * [cos(t·ω_i), sin(t·ω_i)], ω_i = maxPeriod^(−i/half), i < half (Vaswani et al. 2017 §3.5;
 * the ADM/DiT `timestep_embedding` ordering).
 */
export function timestepEmbedding(t: Tensor, dim: number, maxPeriod = 10_000): Tensor {
  if (t.rank !== 1 || dim % 2 !== 0) throw new MlError("ML_SHAPE", `timestepEmbedding: t must be [B] and dim even; got ${fmtShape(t.shape)}, dim ${dim}`);
  const half = dim / 2;
  const freqs = t.g.constant(Array.from({ length: half }, (_, i) => Math.exp((-Math.log(maxPeriod) * i) / half)), [1, half]);
  const args = mul(reshape(t, [t.dim(0), 1]), freqs);
  return concat([cos(args), sin(args)], 1);
}
