/**
 * A loaded dual encoder: two inference sessions (image tower, text tower; batch 32, created
 * once) and the CLIP score cos(image, report) of aligned pairs.
 */
import type { ParamValues } from "../ml/index.js";
import { BatchedSession, INFERENCE_BATCH, type SessionOptions } from "./batched-session.js";
import { buildDualEncoder, type DualEncoderShape } from "./dual-encoder.js";
import { textFeatureBatch } from "./text-features.js";

export class ClipModel {
  private constructor(
    readonly shape: DualEncoderShape,
    private readonly image: BatchedSession,
    private readonly text: BatchedSession,
  ) {}

  static async create(shape: DualEncoderShape, params: ParamValues, options: SessionOptions = {}): Promise<ClipModel> {
    const pick = (prefix: string) => Object.fromEntries(Object.entries(params).filter(([n]) => n.startsWith(prefix)));
    const image = await BatchedSession.create(buildDualEncoder(shape, INFERENCE_BATCH, "image"), pick("image."), {
      batch: INFERENCE_BATCH, input: "films", rowElements: shape.size * shape.size, outputs: ["embedding"], ...options,
    });
    const text = await BatchedSession.create(buildDualEncoder(shape, INFERENCE_BATCH, "text"), pick("text."), {
      batch: INFERENCE_BATCH, input: "text", rowElements: shape.textBuckets, outputs: ["embedding"], ...options,
    });
    return new ClipModel(shape, image, text);
  }

  /** Unit embeddings [count, E]. */
  async embedFilms(films: Float32Array, count: number, size: number): Promise<Float32Array> {
    if (size !== this.shape.size) throw new Error(`this dual encoder takes ${this.shape.size}×${this.shape.size} films, got ${size}×${size}`);
    return (await this.image.run(films, count, (b) => [b, 1, size, size]))["embedding"]!;
  }

  /** Unit embeddings [reports.length, E]. */
  async embedReports(reports: readonly string[]): Promise<Float32Array> {
    const features = textFeatureBatch(reports, this.shape.textBuckets);
    return (await this.text.run(features, reports.length, (b) => [b, this.shape.textBuckets]))["embedding"]!;
  }

  /** CLIP score of each (film i, report i) pair: cosine similarity in [−1, 1]. */
  async score(films: Float32Array, count: number, size: number, reports: readonly string[]): Promise<number[]> {
    if (reports.length !== count) throw new Error(`${count} films but ${reports.length} reports; give one report per film`);
    const [img, txt] = [await this.embedFilms(films, count, size), await this.embedReports(reports)];
    return pairwiseDiagonal(img, txt, count, this.shape.embedDim);
  }

  async dispose(): Promise<void> {
    await this.image.dispose();
    await this.text.dispose();
  }
}

export function pairwiseDiagonal(a: Float32Array, b: Float32Array, count: number, dim: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    let s = 0;
    for (let k = 0; k < dim; k++) s += a[i * dim + k]! * b[i * dim + k]!;
    return s;
  });
}
