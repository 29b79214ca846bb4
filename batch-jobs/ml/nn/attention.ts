/** Multi-head attention (Vaswani et al. 2017, §3.2.2): self-attention, or cross-attention to a context. */
import type { GraphBuilder } from "../graph/builder.js";
import { MlError, fmtShape } from "../graph/errors.js";
import { scaledDotProductAttention } from "../graph/ops/attention.js";
import { reshape, transpose } from "../graph/ops/shape.js";
import type { Tensor } from "../graph/tensor.js";
import { linear } from "./linear.js";
import type { LoraConfig } from "./lora.js";

export interface AttentionOptions {
  /** Model width D of x [B, T, D]. */
  dim: number;
  heads: number;
  /** Keys/values come from this [B, S, Dc] instead of x (cross-attention). */
  context?: Tensor;
  /** Mask broadcastable to [B, heads, T, S]: bool (true = attend) or additive float. */
  mask?: Tensor;
  /** LoRA on the q, k, v and output projections. */
  lora?: LoraConfig;
  group?: string;
}

export function multiHeadAttention(g: GraphBuilder, name: string, x: Tensor, o: AttentionOptions): Tensor {
  const [b, t] = [x.dim(0), x.dim(1)];
  const ctx = o.context ?? x;
  if (x.rank !== 3 || ctx.rank !== 3 || o.dim % o.heads !== 0 || x.dim(2) !== o.dim) {
    throw new MlError("ML_SHAPE", `attention "${name}": x ${fmtShape(x.shape)} / context ${fmtShape(ctx.shape)} must be [B, T, ${o.dim}] / [B, S, Dc] with ${o.dim} divisible by heads=${o.heads}`);
  }
  const s = ctx.dim(1);
  const dh = o.dim / o.heads;
  const proj = (n: string, inp: Tensor): Tensor =>
    linear(g, `${name}.${n}`, inp, { inFeatures: inp.dim(2), outFeatures: o.dim, lora: o.lora, group: o.group });
  const heads = (v: Tensor, len: number): Tensor => transpose(reshape(v, [b, len, o.heads, dh]), [0, 2, 1, 3]);
  const q = heads(proj("q", x), t);
  const k = heads(proj("k", ctx), s);
  const v = heads(proj("v", ctx), s);
  const a = scaledDotProductAttention(q, k, v, { mask: o.mask });
  const merged = reshape(transpose(a, [0, 2, 1, 3]), [b, t, o.dim]);
  return linear(g, `${name}.out`, merged, { inFeatures: o.dim, outFeatures: o.dim, lora: o.lora, group: o.group });
}
