/**
 * Differences between two film sets made from the same reports and seeds (a fine-tuned model and
 * its anchor), with percentile-bootstrap 95 % CIs that resample whole reports and take the same
 * resample from both sets (paired), so the interval is of the change, not of either level.
 */
import { bootstrapCi, type Interval } from "../../shared/metrics/bootstrap.js";
import { auroc } from "../../shared/metrics/ranking.js";
import { parseReport } from "../../shared/report/parse.js";
import { CHEXPERT_LABELS } from "../../shared/report/types.js";
import type { PerImageScore } from "../../batch-jobs/rewards/evaluate-films.js";
import { presentValue } from "../../batch-jobs/rewards/targets.js";

export type Statistic = (images: readonly PerImageScore[], idx: readonly number[]) => number;

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

export const postureError: Statistic = (p, idx) => mean(idx.map((i) => p[i]!.judge.postureError));
export const clipScore: Statistic = (p, idx) => mean(idx.map((i) => p[i]!.judge.clipScore ?? NaN));
/** Σ of the three reward models' scores (weights 1): the quantity the fine-tune optimises, on held-out reports. */
export const combinedReward: Statistic = (p, idx) => mean(idx.map((i) => { const r = p[i]!.rewards!; return r.posture + r.diagnostic + r.consistency; }));

/** Mean over labels with both classes present of the judge's AUROC against the report's labels. */
export function meanAuroc(targets: number[][]): Statistic {
  return (p, idx) => {
    const values = CHEXPERT_LABELS.map((label, j) => auroc(idx.map((i) => p[i]!.judge.labels[label]!), idx.map((i) => targets[j]![i]!))).filter(Number.isFinite);
    return values.length ? mean(values) : NaN;
  };
}

export function labelTargets(images: readonly PerImageScore[]): number[][] {
  const conditions = images.map((p) => parseReport(p.report).canonical.condition);
  return CHEXPERT_LABELS.map((l) => conditions.map((c) => presentValue(c.labels[l])));
}

/** statistic(b) − statistic(a) with a paired bootstrap CI; a and b hold the same reports in the same order. */
export function pairedDifference(a: readonly PerImageScore[], b: readonly PerImageScore[], statistic: Statistic, o: { resamples: number; seed: number }): Interval {
  if (a.length !== b.length || a.some((p, i) => p.report !== b[i]!.report)) throw new Error("paired difference: the two sets must hold the same reports in the same order");
  const groups = a.map((p) => parseReport(p.report).canonical.text);
  return bootstrapCi(a.length, (idx) => statistic(b, idx) - statistic(a, idx), { groups, resamples: o.resamples, seed: o.seed });
}
