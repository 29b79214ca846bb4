/**
 * A loaded posture model or classifier: weights + shape → an inference session (batch 32,
 * created once), and its outputs decoded into ψ, label probabilities, projection and position.
 */
import type { ParamValues } from "../ml/index.js";
import type { Posture } from "../data/phantom/index.js";
import type { PatientPosition, Projection } from "../../shared/report/types.js";
import { BatchedSession, INFERENCE_BATCH, type SessionOptions } from "./batched-session.js";
import { FEATURE_DIM } from "./film-net.js";
import { buildFilmModel, type FilmModelShape } from "./heads.js";
import { LABEL_COUNT, POSITIONS, denormalisePosture } from "./targets.js";

export interface PostureOutput {
  posture: Posture[];
  features: Float32Array;
  featureDim: number;
}

export interface ClassifierOutput {
  /** [count, 14] probabilities, CHEXPERT_LABELS order. */
  labels: Float32Array;
  /** P(AP) per film. */
  apProbability: Float32Array;
  projection: Projection[];
  /** [count, 3] over erect / semi-erect / supine. */
  positionProbabilities: Float32Array;
  position: PatientPosition[];
  features: Float32Array;
  featureDim: number;
}

export class FilmModel {
  private constructor(
    readonly shape: FilmModelShape,
    private readonly session: BatchedSession,
  ) {}

  static async create(shape: FilmModelShape, params: ParamValues, options: SessionOptions = {}): Promise<FilmModel> {
    const g = buildFilmModel(shape, INFERENCE_BATCH, false);
    const outputs = shape.kind === "posture" ? ["posture", "features"] : ["labels", "projection", "position", "features"];
    const session = await BatchedSession.create(g, params, { batch: INFERENCE_BATCH, input: "films", rowElements: shape.size * shape.size, outputs, ...options });
    return new FilmModel(shape, session);
  }

  private async run(films: Float32Array, count: number, size: number) {
    if (size !== this.shape.size) throw new Error(`this ${this.shape.kind} model takes ${this.shape.size}×${this.shape.size} films, got ${size}×${size}; resize the films or load a model trained at ${size}`);
    return this.session.run(films, count, (b) => [b, 1, size, size]);
  }

  async posture(films: Float32Array, count: number, size: number): Promise<PostureOutput> {
    if (this.shape.kind !== "posture") throw new Error("posture() needs a posture model");
    const out = await this.run(films, count, size);
    const z = out["posture"]!;
    return {
      posture: Array.from({ length: count }, (_, i) => denormalisePosture(z, i * 5)),
      features: out["features"]!,
      featureDim: FEATURE_DIM[this.shape.arch],
    };
  }

  async classify(films: Float32Array, count: number, size: number): Promise<ClassifierOutput> {
    if (this.shape.kind !== "classifier") throw new Error("classify() needs a classifier");
    const out = await this.run(films, count, size);
    const ap = out["projection"]!;
    const pos = out["position"]!;
    return {
      labels: out["labels"]!,
      apProbability: ap,
      projection: Array.from(ap, (p) => (p >= 0.5 ? "AP" : "PA")),
      positionProbabilities: pos,
      position: Array.from({ length: count }, (_, i) => {
        const row = Array.from(pos.subarray(i * 3, i * 3 + 3));
        return POSITIONS[row.indexOf(Math.max(...row))]!;
      }),
      features: out["features"]!,
      featureDim: FEATURE_DIM[this.shape.arch],
    };
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}

export { LABEL_COUNT };
