/**
 * Reference DiT-style denoiser for the engine benchmark (Peebles & Xie 2023): 4×4 patches of a
 * 64×64 image → 256 tokens, adaLN-Zero blocks with cross-attention to text tokens, linear
 * un-patchify; loss = MSE to the target noise. Same as `DiT` in reference_torch.py.
 */
import { GraphBuilder, nn, op, type Tensor } from "../../../batch-jobs/ml/index.js";
import { IMAGE, TEXT_DIM, TEXT_TOKENS, TIME_DIM } from "./shapes.js";

export interface DitConfig {
  /** Token width. */
  dim: number;
  /** Transformer blocks. */
  depth: number;
  heads: number;
  /** Patch side in pixels; tokens = (64/patch)². */
  patch: number;
}

export const DIT_BENCH: DitConfig = { dim: 256, depth: 4, heads: 4, patch: 4 };

/** Builds the graph with inputs x, t_emb, text, target and outputs loss (scalar) and pred. */
export function buildDit(batch: number, cfg: DitConfig = DIT_BENCH): GraphBuilder {
  const g = new GraphBuilder({ dtype: "float32" });
  const { dim: d, patch: p } = cfg;
  const grid = IMAGE / p;
  const x = g.input("x", [batch, 1, IMAGE, IMAGE]);
  const tEmb = g.input("t_emb", [batch, TIME_DIM]);
  const text = g.input("text", [batch, TEXT_TOKENS, TEXT_DIM]);
  const target = g.input("target", [batch, 1, IMAGE, IMAGE]);

  const patches = nn.conv2d(g, "embed", x, { inChannels: 1, outChannels: d, kernel: p, stride: p });
  const pos = g.param("pos", [1, grid * grid, d], { init: { kind: "normal", std: 0.02 } });
  let h: Tensor = op.add(op.transpose(op.reshape(patches, [batch, d, grid * grid]), [0, 2, 1]), pos);
  const c = nn.linear(g, "t2", op.silu(nn.linear(g, "t1", tEmb, { inFeatures: TIME_DIM, outFeatures: d })), { inFeatures: d, outFeatures: d });
  for (let i = 0; i < cfg.depth; i++) h = nn.ditBlock(g, `blocks.${i}`, h, c, { dim: d, heads: cfg.heads, context: text, activation: "gelu" });

  const mod = nn.linear(g, "final.adaLN", op.silu(c), { inFeatures: d, outFeatures: 2 * d, init: { kind: "zeros" } });
  const shift = op.reshape(op.slice(mod, 1, 0, d), [batch, 1, d]);
  const scale = op.reshape(op.slice(mod, 1, d, 2 * d), [batch, 1, d]);
  const normed = op.add(op.mul(op.layerNorm(h, undefined, undefined, { eps: 1e-6 }), op.add(scale, 1)), shift);
  const out = nn.linear(g, "final.out", normed, { inFeatures: d, outFeatures: p * p });
  const pred = op.reshape(op.transpose(op.reshape(out, [batch, grid, grid, p, p]), [0, 1, 3, 2, 4]), [batch, 1, IMAGE, IMAGE]);
  g.output("loss", op.mse(pred, target));
  g.output("pred", pred);
  return g;
}
