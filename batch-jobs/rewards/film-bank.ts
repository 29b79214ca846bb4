/**
 * Training and evaluation films for the reward models and judges: simulator films rendered in
 * memory with their exact ground truth, as tensors in the project's pixel convention
 * (batch-jobs/data/tensors/film-tensor.ts: float32 in [-1, 1], [N, 1, S, S]).
 *
 * Seed ranges keep data apart: rewards, judges and held-out evaluation use disjoint simulator
 * seeds (SEED_RANGES), so "held-out" always means films no model was trained on.
 */
import { phantomConfig, simulate, type PhantomConfigInput, type PhantomSample } from "../data/phantom/index.js";
import { filmToTensor } from "../data/tensors/film-tensor.js";
import { CHEXPERT_LABELS } from "../../shared/report/types.js";
import { POSITIONS, type FilmTruth, truthOf } from "./targets.js";

/** Disjoint simulator seed ranges [first, first + span): one owner each. */
export const SEED_RANGES = {
  /** Films the reward models train on. */
  rewards: 1_000_000,
  /** Films the judges train on (never seen by a reward model). */
  judges: 2_000_000,
  /** Held-out films: evaluation only, never trained on. */
  heldOut: 9_000_000,
} as const;

/**
 * Posture range the posture models train on: wider than the simulator's default so that a
 * generated film that drifts further than the simulator ever does is still measured, not clipped.
 */
export const WIDE_POSTURE: PhantomConfigInput["posture"] = {
  sx: [0.8, 1.2],
  sy: [0.8, 1.2],
  tx: [-0.12, 0.12],
  ty: [-0.12, 0.12],
  theta: [-0.3, 0.3],
};

export interface FilmBank {
  count: number;
  size: number;
  /** [count, 1, size, size] in [-1, 1]. */
  pixels: Float32Array;
  truths: FilmTruth[];
  reports: string[];
  seeds: number[];
}

export interface FilmBankOptions {
  count: number;
  size: number;
  firstSeed: number;
  /** Simulator overrides (e.g. { posture: WIDE_POSTURE }). */
  simulator?: PhantomConfigInput;
  /** Called every 256 films with the number rendered so far. */
  onProgress?: (done: number) => void;
}

export function renderFilmBank(o: FilmBankOptions): FilmBank {
  const config = phantomConfig({ ...(o.simulator ?? {}), size: o.size });
  const plane = o.size * o.size;
  const pixels = new Float32Array(o.count * plane);
  const truths: FilmTruth[] = [];
  const reports: string[] = [];
  const seeds: number[] = [];
  for (let i = 0; i < o.count; i++) {
    const seed = o.firstSeed + i;
    const sample: PhantomSample = simulate(config, seed);
    filmToTensor(sample.pixels, pixels, i * plane);
    truths.push(truthOf(sample));
    reports.push(sample.report);
    seeds.push(seed);
    if (o.onProgress && (i + 1) % 256 === 0) o.onProgress(i + 1);
  }
  return { count: o.count, size: o.size, pixels, truths, reports, seeds };
}

/** Copies films `indices` of a bank into one batch tensor [indices.length, 1, S, S]. */
export function gatherFilms(bank: FilmBank, indices: readonly number[], out?: Float32Array): Float32Array {
  const plane = bank.size * bank.size;
  const dst = out ?? new Float32Array(indices.length * plane);
  indices.forEach((idx, k) => dst.set(bank.pixels.subarray(idx * plane, (idx + 1) * plane), k * plane));
  return dst;
}

export { CHEXPERT_LABELS, POSITIONS };
