/** What every reward-model and judge training run shares, whatever the network. */
import type { Params } from "../ml/index.js";

export interface TrainRunConfig {
  /** Seed of weight init and batch order. */
  seed: number;
  /** First simulator seed of the training films and how many (rendered once, reused each epoch). */
  firstSimSeed: number;
  films: number;
  /** Updates; one costs ~40–120 ms at batch 32, 64 px, one thread. */
  steps: number;
  batch: number;
  peakLr: number;
  weightDecay: number;
  /** Held-out films: first simulator seed and count. */
  heldOutFirstSeed: number;
  heldOutFilms: number;
  /** Worker threads of ORT (1 on a shared machine). */
  intraOpThreads: number;
}

export interface TrainRunResult {
  params: Params;
  metrics: Record<string, number>;
  minutes: { render: number; train: number; evaluate: number };
}
