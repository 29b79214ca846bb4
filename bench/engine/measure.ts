/** Timing and memory helpers for the engine benchmark. */
import { loadavg } from "node:os";
import { createRng } from "../../shared/random.js";

export interface Timing {
  /** Every timed repetition, in ms. */
  samples: number[];
  medianMs: number;
  minMs: number;
}

export async function timed(fn: () => unknown, warmup: number, reps: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { samples: samples.map((s) => round(s, 1)), medianMs: round(medianMs, 1), minMs: round(sorted[0]!, 1) };
}

/** Process RSS high-water mark in MiB (getrusage ru_maxrss, which Node reports in KiB). */
export const maxRssMb = (): number => round(process.resourceUsage().maxRSS / 1024, 1);
export const rssMb = (): number => round(process.memoryUsage().rss / 1024 / 1024, 1);

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Standard-normal Float32Array from a seed: benchmark inputs are reproducible. */
export function randomNormal(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** 1/5/15-minute load averages: on this shared 2-core machine they say how quiet a run was. */
export const loadAverage = (): number[] => loadavg().map((x) => round(x, 2));
