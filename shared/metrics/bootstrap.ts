/**
 * Percentile bootstrap confidence intervals (Efron & Tibshirani 1993, ch. 13) resampling whole
 * reports: items (films) that share a report are drawn together, so several samples of one report
 * do not shrink the interval as if they were independent. Seeded, so an interval is reproducible.
 */
import { createRng } from "../random.js";

export interface Interval {
  /** The statistic on the full data. */
  estimate: number;
  /** 2.5 % and 97.5 % percentiles of the bootstrap distribution (for level 0.95). */
  lo: number;
  hi: number;
}

export interface BootstrapOptions {
  /** Group (report) id of each item; default: every item its own group. */
  groups?: readonly (string | number)[];
  resamples?: number;
  level?: number;
  seed?: number;
}

/**
 * `statistic(indices)` computes the figure from the items at `indices` (with repeats). Resamples
 * where it is not finite (e.g. AUROC with one class) are skipped; NaN bounds if all are.
 */
export function bootstrapCi(count: number, statistic: (indices: number[]) => number, o: BootstrapOptions = {}): Interval {
  const all = Array.from({ length: count }, (_, i) => i);
  const estimate = statistic(all);
  const members = new Map<string | number, number[]>();
  all.forEach((i) => {
    const g = o.groups ? o.groups[i]! : i;
    const list = members.get(g);
    if (list) list.push(i);
    else members.set(g, [i]);
  });
  const groups = [...members.values()];
  const rng = createRng(o.seed ?? 0x5eed);
  const draws: number[] = [];
  for (let r = 0; r < (o.resamples ?? 1000); r++) {
    const indices: number[] = [];
    for (let k = 0; k < groups.length; k++) indices.push(...groups[rng.int(groups.length)]!);
    const v = statistic(indices);
    if (Number.isFinite(v)) draws.push(v);
  }
  if (draws.length === 0) return { estimate, lo: NaN, hi: NaN };
  draws.sort((a, b) => a - b);
  const alpha = (1 - (o.level ?? 0.95)) / 2;
  return { estimate, lo: quantile(draws, alpha), hi: quantile(draws, 1 - alpha) };
}

/** Linear-interpolation quantile of sorted values (numpy's default "linear" method). */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Mean of values at indices (a common statistic). */
export function meanAt(values: ArrayLike<number>): (indices: number[]) => number {
  return (indices) => indices.reduce((s, i) => s + values[i]!, 0) / indices.length;
}
