/**
 * The CXR–report dual encoder (CLIP, Radford et al. 2021): an image encoder (a film trunk + a
 * projection) and a text encoder (hashed scoped n-grams → MLP) map into one unit sphere; training
 * minimises the symmetric InfoNCE loss with a learned temperature:
 *
 *   | symbol | here                  |
 *   |--------|-----------------------|
 *   | I, T   | unit image / text embeddings [B, E] |
 *   | τ      | exp(logit_scale), clipped to [1, 100] (CLIP's clamp) |
 *   | L      | ½·(CE(τ·I·Tᵀ, diag) + CE(τ·T·Iᵀ, diag))  (CLIP, Fig. 3 pseudo-code) |
 *
 * The CLIP score of a pair is cos(I, T) = I·T (without τ).
 */
import { GraphBuilder, nn, op, type Tensor } from "../ml/index.js";
import { FEATURE_DIM, filmTrunk, type Architecture } from "./film-net.js";

export interface DualEncoderShape {
  arch: Architecture;
  size: number;
  embedDim: number;
  textBuckets: number;
  textHidden: number;
}

/** CLIP's initial temperature 1/0.07. */
const INITIAL_LOGIT_SCALE = Math.log(1 / 0.07);
const MAX_LOGIT_SCALE = Math.log(100);

function unit(x: Tensor): Tensor {
  return op.div(x, op.sqrt(op.add(op.sum(op.mul(x, x), [1], true), 1e-8)));
}

function imageEmbedding(g: GraphBuilder, s: DualEncoderShape, films: Tensor): Tensor {
  const features = filmTrunk(g, films, s.arch, "image");
  return unit(nn.linear(g, "image.proj", features, { inFeatures: FEATURE_DIM[s.arch], outFeatures: s.embedDim }));
}

function textEmbedding(g: GraphBuilder, s: DualEncoderShape, text: Tensor): Tensor {
  const h = op.relu(nn.linear(g, "text.fc", text, { inFeatures: s.textBuckets, outFeatures: s.textHidden }));
  return unit(nn.linear(g, "text.proj", h, { inFeatures: s.textHidden, outFeatures: s.embedDim }));
}

/** "train": loss over a batch of pairs; "image" / "text": one tower's embeddings for inference. */
export function buildDualEncoder(s: DualEncoderShape, batch: number, part: "train" | "image" | "text"): GraphBuilder {
  const g = new GraphBuilder({ dtype: "float32" });
  if (part === "image") {
    g.output("embedding", imageEmbedding(g, s, g.input("films", [batch, 1, s.size, s.size])));
    return g;
  }
  if (part === "text") {
    g.output("embedding", textEmbedding(g, s, g.input("text", [batch, s.textBuckets])));
    return g;
  }
  const img = imageEmbedding(g, s, g.input("films", [batch, 1, s.size, s.size]));
  const txt = textEmbedding(g, s, g.input("text", [batch, s.textBuckets]));
  const logitScale = g.param("logit_scale", [1], { init: { kind: "constant", value: INITIAL_LOGIT_SCALE } });
  const tau = op.exp(op.clip(logitScale, 0, MAX_LOGIT_SCALE));
  const logits = op.mul(op.matmul(img, op.transpose(txt, [1, 0])), tau);
  const diagonal = g.input("diagonal", [batch], "int64");
  const loss = op.mul(op.add(op.crossEntropy(logits, diagonal), op.crossEntropy(op.transpose(logits, [1, 0]), diagonal)), 0.5);
  g.output("loss", loss);
  return g;
}
