/**
 * Public API of the reward models and judges (see README.md).
 *
 *   const rewards = await RewardModels.load(registry, { intraOpThreads: 1 });
 *   const { posture, diagnostic, consistency } = await rewards.score(films, count, size, reports);
 *   await rewards.dispose();
 *
 *   const judges = await JudgeModels.load(registry);
 *   const verdicts = await judges.judge(films, count, size);   // ψ, label probabilities, view, FID features
 *
 * Films follow batch-jobs/data/tensors/film-tensor.ts ([N, 1, S, S] float32 in [−1, 1]); every
 * model runs in batches of 32 with its sessions created once at load.
 */
import { parseReport } from "../../shared/report/parse.js";
import type { PatientPosition, Projection } from "../../shared/report/types.js";
import type { Posture } from "../data/phantom/index.js";
import type { ModelRegistry } from "../registry/model-registry.js";
import type { SessionOptions } from "./batched-session.js";
import type { ClipModel } from "./clip-model.js";
import { consistencyRewards } from "./consistency-reward.js";
import { diagnosticReward } from "./diagnostic-reward.js";
import type { FilmModel } from "./film-model.js";
import { loadClipModel, loadFilmModel, type ModelRef } from "./load-models.js";
import { postureReward } from "./posture-reward.js";
import { LABEL_COUNT } from "./targets.js";

export interface RewardScores {
  /** r_align = −d(ψ̂, ψ*) ≤ 0; closer to 0 is better. */
  posture: number[];
  /** r_diag ∈ [0, 1]; agreement of the classifier with the report's parsed condition. */
  diagnostic: number[];
  /** r_consist ∈ [−1, 1]; CLIP score of film and report. */
  consistency: number[];
}

export interface RewardModelRefs {
  posture: ModelRef;
  classifier: ModelRef;
  clip: ModelRef;
}

export const DEFAULT_REWARD_REFS: RewardModelRefs = { posture: { name: "reward-posture" }, classifier: { name: "reward-classifier" }, clip: { name: "reward-clip" } };
export const DEFAULT_JUDGE_REFS = { posture: { name: "judge-posture" }, classifier: { name: "judge-classifier" }, clip: { name: "judge-clip" } } as const;

function checkFilms(films: Float32Array, count: number, size: number, reports?: readonly string[]): void {
  const problems: string[] = [];
  if (!Number.isInteger(count) || count < 0) problems.push(`count must be a non-negative integer, got ${count}`);
  if (films.length !== count * size * size) problems.push(`films has ${films.length} values; ${count} films of ${size}×${size} need ${count * size * size}`);
  if (reports && reports.length !== count) problems.push(`${reports.length} reports for ${count} films; give reports[i] for film i`);
  if (problems.length > 0) throw new Error(`score: ${problems.join("; ")}`);
}

export class RewardModels {
  private constructor(
    private readonly postureModel: FilmModel,
    private readonly classifier: FilmModel,
    private readonly clip: ClipModel,
  ) {}

  static async load(registry: ModelRegistry, options: SessionOptions & { refs?: Partial<RewardModelRefs> } = {}): Promise<RewardModels> {
    const refs = { ...DEFAULT_REWARD_REFS, ...options.refs };
    const session = { provider: options.provider, intraOpThreads: options.intraOpThreads };
    const posture = await loadFilmModel(registry, refs.posture, "posture", session);
    const classifier = await loadFilmModel(registry, refs.classifier, "classifier", session);
    const clip = await loadClipModel(registry, refs.clip, session);
    return new RewardModels(posture, classifier, clip);
  }

  /** Film side the reward models take. */
  get size(): number {
    return this.postureModel.shape.size;
  }

  async score(films: Float32Array, count: number, size: number, reports: string[]): Promise<RewardScores> {
    checkFilms(films, count, size, reports);
    const conditions = reports.map((r) => parseReport(r).canonical.condition);
    const { posture } = await this.postureModel.posture(films, count, size);
    const c = await this.classifier.classify(films, count, size);
    const consistency = await consistencyRewards(this.clip, films, count, size, reports);
    return {
      posture: posture.map((p, i) => postureReward(p, conditions[i]!)),
      diagnostic: conditions.map((condition, i) =>
        diagnosticReward({ labels: c.labels.subarray(i * LABEL_COUNT, (i + 1) * LABEL_COUNT), apProbability: c.apProbability[i]!, position: c.positionProbabilities.subarray(i * 3, i * 3 + 3) }, condition),
      ),
      consistency,
    };
  }

  async dispose(): Promise<void> {
    await this.postureModel.dispose();
    await this.classifier.dispose();
    await this.clip.dispose();
  }
}

export interface JudgeVerdicts {
  /** Predicted ψ per film (judge-posture). */
  posture: Posture[];
  /** [count, 14] probabilities, CHEXPERT_LABELS order (judge-classifier). */
  labels: Float32Array;
  apProbability: Float32Array;
  projection: Projection[];
  position: PatientPosition[];
  /** [count, featureDim] penultimate features of judge-classifier: the FID features. */
  features: Float32Array;
  featureDim: number;
}

export class JudgeModels {
  private constructor(
    private readonly postureModel: FilmModel,
    private readonly classifier: FilmModel,
    /** judge-clip, when the registry has one (null otherwise: no judged CLIP score). */
    readonly clip: ClipModel | null,
  ) {}

  static async load(registry: ModelRegistry, options: SessionOptions & { refs?: { posture?: ModelRef; classifier?: ModelRef; clip?: ModelRef | null } } = {}): Promise<JudgeModels> {
    const session = { provider: options.provider, intraOpThreads: options.intraOpThreads };
    const posture = await loadFilmModel(registry, options.refs?.posture ?? DEFAULT_JUDGE_REFS.posture, "posture", session);
    const classifier = await loadFilmModel(registry, options.refs?.classifier ?? DEFAULT_JUDGE_REFS.classifier, "classifier", session);
    const clipRef: ModelRef | null = options.refs?.clip === undefined ? DEFAULT_JUDGE_REFS.clip : options.refs.clip;
    const hasClip = clipRef !== null && (clipRef.version !== undefined || (await registry.resolve(clipRef.name, "production")) !== null);
    const clip = hasClip ? await loadClipModel(registry, clipRef!, session) : null;
    return new JudgeModels(posture, classifier, clip);
  }

  /** Judged CLIP score per (film, report) pair, or null without a judge-clip bundle. */
  async clipScores(films: Float32Array, count: number, size: number, reports: string[]): Promise<number[] | null> {
    checkFilms(films, count, size, reports);
    return this.clip ? this.clip.score(films, count, size, reports) : null;
  }

  get size(): number {
    return this.postureModel.shape.size;
  }

  async judge(films: Float32Array, count: number, size: number): Promise<JudgeVerdicts> {
    checkFilms(films, count, size);
    const { posture } = await this.postureModel.posture(films, count, size);
    const c = await this.classifier.classify(films, count, size);
    return { posture, labels: c.labels, apProbability: c.apProbability, projection: c.projection, position: c.position, features: c.features, featureDim: c.featureDim };
  }

  async dispose(): Promise<void> {
    await this.postureModel.dispose();
    await this.classifier.dispose();
    await this.clip?.dispose();
  }
}

export { REWARD_CONFIG_NAMES, isRewardConfigName, type RewardConfigName } from "./train-configs.js";
export { trainRewardModel, type TrainRewardOptions } from "./train-reward-model.js";
export { postureReward, targetPosture } from "./posture-reward.js";
export { diagnosticReward, DIAGNOSTIC_WEIGHTS } from "./diagnostic-reward.js";
