/** The PyTorch PPO step (reference_torch_ppo.py) with the measured config's sizes. */
import { join } from "node:path";
import type { FinetuneConfig } from "../../batch-jobs/rlcf/config.js";
import { runTorchScript } from "../generate/torch-generator.js";
import type { TrainableCounts } from "./measured-config.js";

const SCRIPT = join(import.meta.dirname, "reference_torch_ppo.py");

export interface TorchPpoRun {
  torch: string;
  threads: number;
  batch: number;
  params: TrainableCounts;
  /** Every timed PPO step, in ms. */
  ms?: number[];
  maxRssMb: number;
}

export function runTorchPpo(what: "params" | "ppo", cfg: FinetuneConfig, o: { warmup?: number; reps?: number } = {}, timeoutMs = 0): TorchPpoRun {
  const sizes = { batch: cfg.trainBatch, steps: cfg.steps, guidance: cfg.guidance, eta: cfg.eta, rank: cfg.lora.rank, alpha: cfg.lora.alpha, lr: cfg.lr, "clip-range": cfg.clipRange, "clip-norm": cfg.clipNorm };
  return runTorchScript<TorchPpoRun>(SCRIPT, what, { ...sizes, ...o }, timeoutMs);
}
