/**
 * DiT block with adaLN-Zero (Peebles & Xie 2023, §3.2) plus cross-attention to text tokens
 * (PixArt-α style): per-sample shift/scale/gate from the conditioning vector c, modulation
 * linear zero-initialised so every block starts as the identity.
 *   x ← x + g₁·Attn(LN(x)·(1+s₁)+b₁);  x ← x + CrossAttn(LN(x), ctx) [+ γ·CrossAttn(LN(x), extra)];  x ← x + g₂·MLP(LN(x)·(1+s₂)+b₂)
 * The optional gated context (Flamingo-style gate γ) reuses the cross-attention's weights in a
 * separate softmax, so γ = 0 leaves the block exactly as without it (the generator's ACE tokens).
 */
import type { GraphBuilder } from "../graph/builder.js";
import { silu } from "../graph/ops/activations.js";
import { add, mul } from "../graph/ops/elementwise.js";
import { layerNorm as layerNormOp } from "../graph/ops/norm.js";
import { reshape, slice } from "../graph/ops/shape.js";
import type { Tensor } from "../graph/tensor.js";
import { multiHeadAttention } from "./attention.js";
import { layerNorm } from "./norm.js";
import { linear } from "./linear.js";
import type { LoraConfig } from "./lora.js";
import { mlp, type Activation } from "./mlp.js";

export interface DitBlockOptions {
  dim: number;
  heads: number;
  /** MLP hidden width = dim · mlpRatio (default 4). */
  mlpRatio?: number;
  /** Text tokens [B, S, Dc] attended by a cross-attention sublayer (omit for none). */
  context?: Tensor;
  /** Mask for the cross-attention, broadcastable to [B, heads, T, S]. */
  contextMask?: Tensor;
  activation?: Activation;
  lora?: LoraConfig;
  /** Extra tokens attended by the same cross-attention, added times `gate` (broadcastable to [B, T, D]). */
  gatedContext?: { tokens: Tensor; gate: Tensor };
}

/** x [B, T, D], c [B, D] (timestep + pooled condition embedding). */
export function ditBlock(g: GraphBuilder, name: string, x: Tensor, c: Tensor, o: DitBlockOptions): Tensor {
  const [b, d] = [x.dim(0), o.dim];
  const mod = linear(g, `${name}.adaLN`, silu(c), { inFeatures: d, outFeatures: 6 * d, init: { kind: "zeros" } });
  const chunk = (i: number): Tensor => reshape(slice(mod, 1, i * d, (i + 1) * d), [b, 1, d]);
  const [shift1, scale1, gate1, shift2, scale2, gate2] = [0, 1, 2, 3, 4, 5].map(chunk) as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
  const modulate = (h: Tensor, shift: Tensor, scale: Tensor): Tensor => add(mul(layerNormOp(h, undefined, undefined, { eps: 1e-6 }), add(scale, 1)), shift);

  let h = add(x, mul(gate1, multiHeadAttention(g, `${name}.attn`, modulate(x, shift1, scale1), { dim: d, heads: o.heads, lora: o.lora })));
  if (o.context) {
    const q = layerNorm(g, `${name}.norm_cross`, h, { eps: 1e-6 });
    const extra = o.gatedContext;
    const cross = multiHeadAttention(g, `${name}.cross`, q, { dim: d, heads: o.heads, context: o.context, mask: o.contextMask, lora: o.lora });
    h = add(h, cross);
    if (extra) h = add(h, mul(extra.gate, multiHeadAttention(g, `${name}.cross`, q, { dim: d, heads: o.heads, context: extra.tokens, lora: o.lora })));
  }
  const m = mlp(g, `${name}.mlp`, modulate(h, shift2, scale2), { dim: d, hidden: d * (o.mlpRatio ?? 4), activation: o.activation, lora: o.lora });
  return add(h, mul(gate2, m));
}
