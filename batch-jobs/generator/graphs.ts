/**
 * The generator's graphs, built with the project's engine (all parameters shared by name):
 *   encoder   report tokens + condition codes → context tokens c = [c_cond; c_text]  [B, S, D]
 *   denoiser  (x_t, t, c) → v̂  (DiT, Peebles & Xie 2023: patch tokens, adaLN-Zero, cross-attention to c;
 *             optionally a convolutional refinement head at full resolution, `architecture.refine`)
 *   training  encoder ∘ denoiser with loss ‖v̂ − v‖² (v-prediction, schedule.ts)
 * Classifier-free guidance: `keep` [B,1,1] (1 = conditional, 0 = null) blends c with one learned
 * null token, so the unconditional branch is the same graph with keep = 0. ctxMask [B,1,1,S] is
 * additive (0 attend, −1e9 padding or hidden text). Denoiser projections take LoRA (the fine-tune).
 */
import { GraphBuilder, nn, op, type Tensor } from "../ml/index.js";
import type { LoraConfig } from "../ml/nn/lora.js";
import type { Architecture } from "./config.js";
import { aceGate, aceInputs, aceTokens, type AceInputs } from "./ace.js";
import { CONDITION_FIELDS, CONDITION_TOKENS, FIELD_SIZES, POSTURE_FEATURES } from "./condition.js";

export const contextLength = (a: Architecture): number => CONDITION_TOKENS + a.maxTokens;

export interface EncoderInputs {
  ids: Tensor;
  textMask: Tensor;
  codes: Record<(typeof CONDITION_FIELDS)[number], Tensor>;
  keep: Tensor;
  /** Present when the architecture conditions on posture: encodePosture(ψ) per row [B, 5]. */
  posture?: Tensor;
}

export function encoderInputs(g: GraphBuilder, a: Architecture, batch: number): EncoderInputs {
  const codes = Object.fromEntries(CONDITION_FIELDS.map((f) => [f, g.input(`cond_${f}`, [batch, CONDITION_TOKENS], "int64")])) as EncoderInputs["codes"];
  const inputs: EncoderInputs = { ids: g.input("ids", [batch, a.maxTokens], "int64"), textMask: g.input("text_mask", [batch, 1, 1, a.maxTokens]), codes, keep: g.input("keep", [batch, 1, 1]) };
  return a.posture ? { ...inputs, posture: g.input("posture", [batch, POSTURE_FEATURES]) } : inputs;
}

const POSTURE_LINEAR = "cond.posture";
/** Names of the posture condition's parameters: a parent without it lacks exactly these. */
export const POSTURE_PREFIX = `${POSTURE_LINEAR}.`;

export function encoder(g: GraphBuilder, a: Architecture, inp: EncoderInputs): Tensor {
  const d = a.dim;
  const batch = inp.ids.dim(0);
  let text = op.add(nn.embedding(g, "text.tok", inp.ids, { vocab: a.vocabSize, dim: d }), g.param("text.pos", [1, a.maxTokens, d], { init: { kind: "normal", std: 0.02 } }));
  for (let i = 0; i < a.textLayers; i++) {
    const name = `text.layers.${i}`;
    text = op.add(text, nn.multiHeadAttention(g, `${name}.attn`, nn.layerNorm(g, `${name}.ln1`, text), { dim: d, heads: a.heads, mask: inp.textMask }));
    text = op.add(text, nn.mlp(g, `${name}.mlp`, nn.layerNorm(g, `${name}.ln2`, text), { dim: d, hidden: 4 * d, activation: "gelu" }));
  }
  text = nn.layerNorm(g, "text.ln_out", text);
  let cond: Tensor | null = null;
  for (const f of CONDITION_FIELDS) {
    const e = nn.embedding(g, `cond.${f}`, inp.codes[f], { vocab: FIELD_SIZES[f], dim: d });
    cond = cond ? op.add(cond, e) : e;
  }
  cond = nn.layerNorm(g, "cond.ln", cond!);
  if (inp.posture) {
    // Added to every condition token (so also to the pooled condition the adaLN sees), after the
    // norm so the parent's graph stays as it was. No bias: the identity adds nothing, whatever was learnt.
    const shift = nn.linear(g, POSTURE_LINEAR, inp.posture, { inFeatures: POSTURE_FEATURES, outFeatures: d, bias: false, init: { kind: "zeros" } });
    cond = op.add(cond, op.reshape(shift, [batch, 1, d]));
  }
  const context = op.concat([cond, text], 1);
  const nullToken = g.param("null_context", [1, 1, d], { init: { kind: "normal", std: 0.02 } });
  // c ← keep·c + (1 − keep)·null   (keep broadcasts over tokens and width)
  const keep = op.reshape(inp.keep, [batch, 1, 1]);
  return op.add(op.mul(context, keep), op.mul(op.sub(1, keep), nullToken));
}

export interface DenoiserInputs {
  x: Tensor;
  t: Tensor;
  context: Tensor;
  ctxMask: Tensor;
  /** Present when the architecture has ACE tokens (ace.ts). */
  ace?: AceInputs;
}

export function denoiser(g: GraphBuilder, a: Architecture, inp: DenoiserInputs, lora?: LoraConfig): Tensor {
  const { dim: d, patch: p, size } = a;
  const batch = inp.x.dim(0);
  const grid = size / p;
  const patches = nn.conv2d(g, "dn.embed", inp.x, { inChannels: 1, outChannels: d, kernel: p, stride: p });
  let h = op.add(op.transpose(op.reshape(patches, [batch, d, grid * grid]), [0, 2, 1]), g.param("dn.pos", [1, grid * grid, d], { init: { kind: "normal", std: 0.02 } }));
  const time = nn.linear(g, "dn.t2", op.silu(nn.linear(g, "dn.t1", nn.timestepEmbedding(inp.t, d), { inFeatures: d, outFeatures: d })), { inFeatures: d, outFeatures: d });
  const pooled = op.mean(op.slice(inp.context, 1, 0, CONDITION_TOKENS), [1]);
  const c = op.add(time, nn.linear(g, "dn.cond", pooled, { inFeatures: d, outFeatures: d }));
  const ace = a.ace ? aceTokens(g, a, inp.ace!) : null;
  for (let i = 0; i < a.depth; i++) {
    const gatedContext = ace ? { tokens: ace, gate: aceGate(g, i, inp.ace!) } : undefined;
    h = nn.ditBlock(g, `dn.blocks.${i}`, h, c, { dim: d, heads: a.heads, context: inp.context, contextMask: inp.ctxMask, activation: "gelu", lora, gatedContext });
  }
  const mod = nn.linear(g, "dn.final.adaLN", op.silu(c), { inFeatures: d, outFeatures: 2 * d, init: { kind: "zeros" } });
  const shift = op.reshape(op.slice(mod, 1, 0, d), [batch, 1, d]);
  const scale = op.reshape(op.slice(mod, 1, d, 2 * d), [batch, 1, d]);
  const normed = op.add(op.mul(op.layerNorm(h, undefined, undefined, { eps: 1e-6 }), op.add(scale, 1)), shift);
  const out = nn.linear(g, "dn.final.out", normed, { inFeatures: d, outFeatures: p * p, init: { kind: "zeros" } });
  const v = op.reshape(op.transpose(op.reshape(out, [batch, grid, grid, p, p]), [0, 1, 3, 2, 4]), [batch, 1, size, size]);
  return a.refine ? op.add(v, refineHead(g, a, normed, v, inp.x)) : v;
}

/** Names of the refinement head's parameters: a parent without the head lacks exactly these. */
export const REFINE_PREFIX = "dn.refine.";

/**
 * A residual correction at full resolution: the tokens decoded to `refine` channels per pixel (a
 * strided transposed convolution, the patch decoder's multi-channel twin), beside the patch
 * prediction and x_t, through two 3×3 convolutions that see across patch borders. The last one is
 * zero-initialised, so the head adds nothing until it has learnt something.
 */
function refineHead(g: GraphBuilder, a: Architecture, tokens: Tensor, v: Tensor, x: Tensor): Tensor {
  const { dim: d, patch: p, size, refine: c = 0 } = a;
  const grid = size / p;
  const map = op.reshape(op.transpose(tokens, [0, 2, 1]), [tokens.dim(0), d, grid, grid]);
  const features = nn.convTranspose2d(g, `${REFINE_PREFIX}decode`, map, { inChannels: d, outChannels: c, kernel: p, stride: p });
  const mixed = op.silu(nn.conv2d(g, `${REFINE_PREFIX}conv1`, op.concat([features, v, x], 1), { inChannels: c + 2, outChannels: c, kernel: 3, padding: 1 }));
  return nn.conv2d(g, `${REFINE_PREFIX}conv2`, mixed, { inChannels: c, outChannels: 1, kernel: 3, padding: 1, zeroInit: true });
}

export function denoiserInputs(g: GraphBuilder, a: Architecture, batch: number, context: Tensor): DenoiserInputs {
  const inputs: DenoiserInputs = { x: g.input("x", [batch, 1, a.size, a.size]), t: g.input("t", [batch]), context, ctxMask: g.input("ctx_mask", [batch, 1, 1, contextLength(a)]) };
  return a.ace ? { ...inputs, ace: aceInputs(g, batch) } : inputs;
}

export function buildEncoderGraph(a: Architecture, batch: number): GraphBuilder {
  const g = new GraphBuilder({ dtype: "float32" });
  g.output("context", encoder(g, a, encoderInputs(g, a, batch)));
  return g;
}

export function buildDenoiserGraph(a: Architecture, batch: number, lora?: LoraConfig): GraphBuilder {
  const g = new GraphBuilder({ dtype: "float32" });
  const context = g.input("context", [batch, contextLength(a), a.dim]);
  g.output("v", denoiser(g, a, denoiserInputs(g, a, batch, context), lora));
  return g;
}

/** Encoder and denoiser in one graph with the v-prediction loss (supervised training). */
export function buildTrainingGraph(a: Architecture, batch: number): GraphBuilder {
  const g = new GraphBuilder({ dtype: "float32" });
  const context = encoder(g, a, encoderInputs(g, a, batch));
  const v = denoiser(g, a, denoiserInputs(g, a, batch, context));
  g.output("loss", op.mse(v, g.input("target", [batch, 1, a.size, a.size])));
  return g;
}
