/**
 * Scores a set of films against the reports they were made for, with the judges only (never the
 * reward weights a fine-tune optimises against; reward scores are reported alongside, labelled).
 * Used by the `evaluate` job and `npm run eval:judges`.
 *
 * | figure | how |
 * |---|---|
 * | posture error | judge-posture ψ̂ vs the report's target ψ* (posture-reward.ts), weighted L1 (shared/metrics/posture-error.ts) |
 * | posture MAE | ψ̂ vs the film's true ψ, when the source knows it (simulator datasets) |
 * | posture spread | SD of each ψ̂ parameter over the films: how much tilt and shift a set draws |
 * | AUROC per label | judge-classifier probability vs the report's parsed label (present = positive or uncertain; absent = negative or not mentioned) |
 * | CLIP score | judge-clip cos(film, report) |
 * | FID | judge-classifier penultimate features vs a reference set |
 * | MS-SSIM diversity | mean pairwise MS-SSIM among films of the same report (lower = more diverse) |
 * Every figure has a 95 % percentile-bootstrap interval resampling reports (shared/metrics/bootstrap.ts).
 */
import { auroc } from "../../shared/metrics/ranking.js";
import { bootstrapCi, meanAt, type Interval } from "../../shared/metrics/bootstrap.js";
import { frechetDistance, gaussianOf, type Gaussian } from "../../shared/metrics/fid.js";
import { msSsim } from "../../shared/metrics/ms-ssim.js";
import { postureError } from "../../shared/metrics/posture-error.js";
import { parseReport } from "../../shared/report/parse.js";
import { CHEXPERT_LABELS } from "../../shared/report/types.js";
import type { Posture } from "../data/phantom/index.js";
import type { JudgeModels, RewardModels } from "./index.js";
import { targetPosture } from "./posture-reward.js";
import { LABEL_COUNT, POSTURE_KEYS, presentValue } from "./targets.js";

export interface FilmSet {
  films: Float32Array;
  count: number;
  size: number;
  ids: string[];
  reports: string[];
  /** True ψ per film when known (simulator), else null. */
  truePosture?: (Posture | null)[];
}

export interface EvaluateModels {
  judges: JudgeModels;
  /** Reward scores are reported alongside the judged figures when given (labelled as such). */
  rewards: RewardModels | null;
}

export interface EvaluateOptions {
  /** Judge features of the reference set for FID (e.g. simulator films), or null to skip FID. */
  reference: Gaussian | null;
  resamples: number;
  fidResamples: number;
  seed: number;
  /** Pairs per report for MS-SSIM diversity (all pairs up to this many). */
  maxPairsPerReport: number;
}

export interface PerImageScore {
  id: string;
  report: string;
  judge: { posture: Posture; postureError: number; labels: Record<string, number>; projection: string; position: string; clipScore: number | null };
  rewards: { posture: number; diagnostic: number; consistency: number } | null;
}

export interface LabelAuroc extends Interval {
  label: string;
  positives: number;
  negatives: number;
}

export interface EvaluationSummary {
  images: number;
  reports: number;
  postureError: Interval;
  postureMae: Record<string, number> | null;
  postureSpread: Record<string, number>;
  auroc: LabelAuroc[];
  meanAuroc: Interval;
  clipScore: Interval | null;
  fid: Interval | null;
  msSsimDiversity: (Interval & { reportsWithPairs: number }) | null;
  rewards: { posture: Interval; diagnostic: Interval; consistency: Interval } | null;
}

export async function evaluateFilms(set: FilmSet, models: EvaluateModels, o: EvaluateOptions, onProgress?: (phase: string) => void): Promise<{ perImage: PerImageScore[]; summary: EvaluationSummary }> {
  const { films, count, size, reports } = set;
  const groups = reports.map((r) => parseReport(r).canonical.text);
  const conditions = reports.map((r) => parseReport(r).canonical.condition);
  onProgress?.("judges");
  const verdicts = await models.judges.judge(films, count, size);
  const clip = await models.judges.clipScores(films, count, size, reports);
  onProgress?.("rewards");
  const rewards = models.rewards ? await models.rewards.score(films, count, size, reports) : null;
  const errors = verdicts.posture.map((p, i) => postureError(p, targetPosture(conditions[i]!)));
  const ci = (values: number[]) => bootstrapCi(count, meanAt(values), { groups, resamples: o.resamples, seed: o.seed });

  const perImage: PerImageScore[] = Array.from({ length: count }, (_, i) => ({
    id: set.ids[i]!,
    report: reports[i]!,
    judge: {
      posture: verdicts.posture[i]!,
      postureError: errors[i]!,
      labels: Object.fromEntries(CHEXPERT_LABELS.map((l, j) => [l, verdicts.labels[i * LABEL_COUNT + j]!])),
      projection: verdicts.projection[i]!,
      position: verdicts.position[i]!,
      clipScore: clip ? clip[i]! : null,
    },
    rewards: rewards ? { posture: rewards.posture[i]!, diagnostic: rewards.diagnostic[i]!, consistency: rewards.consistency[i]! } : null,
  }));

  onProgress?.("auroc");
  const targets = CHEXPERT_LABELS.map((l) => conditions.map((c) => presentValue(c.labels[l])));
  const scores = CHEXPERT_LABELS.map((_, j) => Array.from({ length: count }, (_, i) => verdicts.labels[i * LABEL_COUNT + j]!));
  const aurocAt = (j: number) => (idx: number[]) => auroc(idx.map((i) => scores[j]![i]!), idx.map((i) => targets[j]![i]!));
  const perLabel: LabelAuroc[] = CHEXPERT_LABELS.map((label, j) => {
    const positives = targets[j]!.reduce((s, v) => s + v, 0);
    return { label, positives, negatives: count - positives, ...bootstrapCi(count, aurocAt(j), { groups, resamples: o.resamples, seed: o.seed }) };
  });
  const defined = perLabel.map((l, j) => (Number.isFinite(l.estimate) ? j : -1)).filter((j) => j >= 0);
  const meanAuroc = bootstrapCi(count, (idx) => {
    const values = defined.map((j) => aurocAt(j)(idx)).filter(Number.isFinite);
    return values.length === 0 ? NaN : values.reduce((s, v) => s + v, 0) / values.length;
  }, { groups, resamples: Math.min(o.resamples, 300), seed: o.seed });

  onProgress?.("fid");
  const dim = verdicts.featureDim;
  const fid = o.reference && count >= 2
    ? bootstrapCi(count, (idx) => {
        const rows = new Float32Array(idx.length * dim);
        idx.forEach((i, k) => rows.set(verdicts.features.subarray(i * dim, (i + 1) * dim), k * dim));
        return frechetDistance(gaussianOf(rows, idx.length, dim), o.reference!);
      }, { groups, resamples: o.fidResamples, seed: o.seed })
    : null;

  onProgress?.("ms-ssim");
  const msSsimDiversity = diversity(set, groups, o);
  const truePosture = set.truePosture;
  const postureMae = truePosture && truePosture.every((p) => p !== null)
    ? Object.fromEntries(POSTURE_KEYS.map((k) => [k, verdicts.posture.reduce((s, p, i) => s + Math.abs(p[k] - truePosture[i]![k]), 0) / count]))
    : null;
  return {
    perImage,
    summary: {
      images: count,
      reports: new Set(groups).size,
      postureError: ci(errors),
      postureMae,
      postureSpread: Object.fromEntries(POSTURE_KEYS.map((k) => [k, standardDeviation(verdicts.posture.map((p) => p[k]))])),
      auroc: perLabel,
      meanAuroc,
      clipScore: clip ? ci(clip) : null,
      fid,
      msSsimDiversity,
      rewards: rewards ? { posture: ci(rewards.posture), diagnostic: ci(rewards.diagnostic), consistency: ci(rewards.consistency) } : null,
    },
  };
}

/** Mean pairwise MS-SSIM within each report's films, then the mean (and CI) over reports. */
function diversity(set: FilmSet, groups: string[], o: EvaluateOptions): (Interval & { reportsWithPairs: number }) | null {
  const byReport = new Map<string, number[]>();
  groups.forEach((g, i) => byReport.set(g, [...(byReport.get(g) ?? []), i]));
  const plane = set.size * set.size;
  const perReport: number[] = [];
  for (const members of byReport.values()) {
    if (members.length < 2) continue;
    const values: number[] = [];
    for (let a = 0; a < members.length && values.length < o.maxPairsPerReport; a++) {
      for (let b = a + 1; b < members.length && values.length < o.maxPairsPerReport; b++) {
        const [i, j] = [members[a]!, members[b]!];
        values.push(msSsim(set.films.subarray(i * plane, (i + 1) * plane), set.films.subarray(j * plane, (j + 1) * plane), set.size, set.size, 2));
      }
    }
    perReport.push(values.reduce((s, v) => s + v, 0) / values.length);
  }
  if (perReport.length === 0) return null;
  return { ...bootstrapCi(perReport.length, meanAt(perReport), { resamples: o.resamples, seed: o.seed }), reportsWithPairs: perReport.length };
}

/** Reference statistics for FID: judge features of films (e.g. held-out simulator films). */
export async function referenceGaussian(judges: JudgeModels, films: Float32Array, count: number, size: number): Promise<Gaussian> {
  const v = await judges.judge(films, count, size);
  return gaussianOf(v.features, count, v.featureDim);
}

function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1));
}
