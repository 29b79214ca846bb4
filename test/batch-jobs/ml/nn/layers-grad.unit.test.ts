/**
 * Gradient checks through composite ops and whole layers (every parameter of the layer is
 * checked, sampled where large): the composites are differentiated only through primitives.
 */
import { describe, expect, test } from "vitest";
import { nn, op, type GraphBuilder, type Tensor } from "../../../../batch-jobs/ml/index.js";
import { gradCheck, type GradCase } from "../autodiff/gradcheck.js";

const i64 = (g: GraphBuilder, v: number[], shape = [v.length]): Tensor => g.constant(v, shape, "int64");
const bool = (g: GraphBuilder, v: number[], shape: number[]): Tensor => op.greater(g.constant(v, shape), 0.5);

// prettier-ignore
const CASES: GradCase[] = [
  { name: "silu", shapes: [[2, 3]], fn: (_, [a]) => op.silu(a!) },
  { name: "gelu (composite erf, f32)", shapes: [[2, 3]], fn: (_, [a]) => op.geluComposite(a!), float32: true },
  { name: "gelu (tanh)", shapes: [[2, 3]], fn: (_, [a]) => op.geluTanh(a!) },
  { name: "minimum / maximum", shapes: [[2, 3], [2, 3]], fn: (_, [a, b]) => op.add(op.minimum(a!, b!), op.mul(op.maximum(a!, op.mul(b!, 0.5)), 2)) },
  { name: "clip (PPO ratio)", shapes: [[2, 3]], fn: (_, [a]) => op.clip(op.mul(a!, 2), -0.8, 0.9) },
  { name: "softplus / logSigmoid", shapes: [[2, 3]], fn: (_, [a]) => op.add(op.softplus(op.mul(a!, 4)), op.logSigmoid(op.mul(a!, 3))) },
  { name: "groupNorm", shapes: [[2, 4, 2, 3], [4], [4]], fn: (_, [x, s, b]) => op.groupNorm(x!, 2, s!, b!) },
  { name: "crossEntropy", shapes: [[3, 4]], fn: (g, [l]) => op.crossEntropy(l!, i64(g, [2, 0, 3])) },
  { name: "bceWithLogits", shapes: [[2, 3]], fn: (g, [l]) => op.bceWithLogits(op.mul(l!, 3), g.constant([1, 0, 0.3, 1, 0, 0.5], [2, 3])) },
  { name: "mse", shapes: [[2, 3], [2, 3]], fn: (_, [a, b]) => op.mse(a!, b!) },
  { name: "attention (bool mask)", shapes: [[2, 3, 4], [2, 2, 4], [2, 2, 3]], fn: (g, [q, k, v]) => op.scaledDotProductAttention(q!, k!, v!, { mask: bool(g, [1, 1, 1, 0], [2, 1, 2]) }) },
  { name: "attention (additive mask)", shapes: [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]], fn: (g, [q, k, v]) => op.scaledDotProductAttention(q!, k!, v!, { mask: g.constant([0, -1e9, -1e9, 0, 0, -1e9, 0, 0, 0], [3, 3]) }) },
  { name: "dropout (mask input)", shapes: [[2, 3]], fn: (g, [a]) => op.dropout(a!, 0.5, { mask: () => g.constant([1, 0, 1, 1, 0, 1], [2, 3]) }) },
  { name: "timestepEmbedding", shapes: [[3]], fn: (_, [t]) => nn.timestepEmbedding(op.mul(t!, 10), 6) },
  { name: "embedding", shapes: [], fn: (g) => nn.embedding(g, "emb", i64(g, [1, 3, 1]), { vocab: 4, dim: 3 }) },
  { name: "linear + LoRA", shapes: [[2, 3, 4]], fn: (g, [x]) => nn.linear(g, "fc", x!, { inFeatures: 4, outFeatures: 3, lora: { rank: 2, alpha: 4 } }) },
  { name: "layerNorm layer", shapes: [[2, 5]], fn: (g, [x]) => nn.layerNorm(g, "ln", x!) },
  { name: "groupNorm layer", shapes: [[1, 4, 2, 2]], fn: (g, [x]) => nn.groupNorm(g, "gn", x!, { groups: 2 }) },
  { name: "mlp", shapes: [[2, 4]], fn: (g, [x]) => nn.mlp(g, "mlp", x!, { dim: 4, hidden: 6 }) },
  { name: "multi-head cross-attention + LoRA", shapes: [[2, 3, 4], [2, 2, 3]], fn: (g, [x, c]) => nn.multiHeadAttention(g, "attn", x!, { dim: 4, heads: 2, context: c!, mask: bool(g, [1, 1, 1, 0], [2, 1, 1, 2]), lora: { rank: 1 } }), maxPerParam: 6 },
  { name: "DiT block (adaLN-Zero, cross-attn, LoRA)", shapes: [[2, 3, 8], [2, 8], [2, 2, 6]], fn: (g, [x, c, ctx]) => nn.ditBlock(g, "blk", x!, c!, { dim: 8, heads: 2, mlpRatio: 2, context: ctx!, lora: { rank: 2 } }), maxPerParam: 4 },
  { name: "conv res block (f32)", shapes: [[2, 2, 4, 4], [2, 6]], fn: (g, [x, t]) => nn.resBlock(g, "res", x!, t!, { inChannels: 2, outChannels: 4, groups: 2, embDim: 6 }), float32: true, maxPerParam: 4 },
  { name: "conv-transpose layer (f32)", shapes: [[1, 2, 3, 3]], fn: (g, [x]) => nn.convTranspose2d(g, "up", x!, { inChannels: 2, outChannels: 2, kernel: 4, stride: 2, padding: 1 }), float32: true, maxPerParam: 8 },
];

describe("gradients through composite ops and layers", () => {
  test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const r = await gradCheck(c);
    expect(r.failures).toEqual([]);
    expect(r.checked).toBeGreaterThan(0);
  });
});
