/**
 * Ours vs PyTorch for one measurement: medians, and time ratios ours/PyTorch (≤ 1 = we are at
 * least as fast). No ratio when the architectures differ (parameter counts checked by the caller).
 */
import { round, type Timing } from "../engine/measure.js";

export interface Comparison {
  ms: number;
  minMs: number;
  samplesMs: number[];
  torchMs?: number;
  torchSamplesMs?: number[];
  ratio?: number;
  /** Best-of ratio: less sensitive than the medians to other processes' load. */
  ratioMin?: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function compareWithTorch(ours: Timing, torchMs: readonly number[] | undefined, sameArchitecture: boolean): Comparison {
  const out: Comparison = { ms: ours.medianMs, minMs: ours.minMs, samplesMs: ours.samples };
  if (torchMs === undefined || torchMs.length === 0) return out;
  const t = median(torchMs);
  Object.assign(out, { torchMs: round(t, 1), torchSamplesMs: torchMs.map((x) => round(x, 1)) });
  if (sameArchitecture) Object.assign(out, { ratio: round(ours.medianMs / t, 2), ratioMin: round(ours.minMs / Math.min(...torchMs), 2) });
  return out;
}
