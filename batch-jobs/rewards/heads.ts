/**
 * The task heads on top of a film trunk, and their losses. One graph definition serves training
 * (with targets and a loss) and inference (outputs only): the same TS code rebuilds the ONNX
 * graph from the bundle's weights at load, so bundles store weights once (safetensors).
 *
 * Outputs of a posture model: "posture" [B, 5] (normalised ψ, see targets.ts), "features".
 * Outputs of a classifier: "labels" [B, 14] probabilities, "projection" [B] P(AP),
 * "position" [B, 3] softmax over erect / semi-erect / supine, "features".
 */
import { GraphBuilder, nn, op } from "../ml/index.js";
import { FEATURE_DIM, filmTrunk, type Architecture } from "./film-net.js";
import { LABEL_COUNT, POSITIONS } from "./targets.js";

export const FILM_MODEL_KINDS = ["posture", "classifier"] as const;
export type FilmModelKind = (typeof FILM_MODEL_KINDS)[number];

export interface FilmModelShape {
  kind: FilmModelKind;
  arch: Architecture;
  /** Film side in pixels (multiple of 16). */
  size: number;
}

/** Weight of the projection and position terms next to the 14-label BCE. */
const VIEW_LOSS_WEIGHT = 0.5;

export function buildFilmModel(shape: FilmModelShape, batch: number, training: boolean): GraphBuilder {
  const g = new GraphBuilder({ dtype: "float32" });
  const x = g.input("films", [batch, 1, shape.size, shape.size]);
  const features = filmTrunk(g, x, shape.arch);
  const f = FEATURE_DIM[shape.arch];
  g.output("features", features);
  if (shape.kind === "posture") {
    const psi = nn.linear(g, "head.posture", features, { inFeatures: f, outFeatures: 5 });
    if (training) g.output("loss", op.mse(psi, g.input("posture_target", [batch, 5])));
    g.output("posture", psi);
    return g;
  }
  const labelLogits = nn.linear(g, "head.labels", features, { inFeatures: f, outFeatures: LABEL_COUNT });
  const apLogit = nn.linear(g, "head.projection", features, { inFeatures: f, outFeatures: 1 });
  const positionLogits = nn.linear(g, "head.position", features, { inFeatures: f, outFeatures: POSITIONS.length });
  if (training) {
    const labelLoss = op.bceWithLogits(labelLogits, g.input("labels_target", [batch, LABEL_COUNT]));
    const apLoss = op.bceWithLogits(apLogit, g.input("projection_target", [batch, 1]));
    const positionLoss = op.crossEntropy(positionLogits, g.input("position_target", [batch], "int64"));
    g.output("loss", op.add(labelLoss, op.mul(op.add(apLoss, positionLoss), VIEW_LOSS_WEIGHT)));
  }
  g.output("labels", op.sigmoid(labelLogits));
  g.output("projection", op.sigmoid(op.reshape(apLogit, [batch])));
  g.output("position", op.softmax(positionLogits, 1));
  return g;
}
