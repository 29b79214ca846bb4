/**
 * Learning-rate schedule: linear warmup, then half-cosine decay (Loshchilov & Hutter, "SGDR",
 * ICLR 2017, eq. 5, one cycle without restarts):
 *   step < W:        lr = peak · (step + 1) / W
 *   W ≤ step < T:    lr = min + ½(peak − min)(1 + cos(π · (step − W) / (T − W)))
 *   step ≥ T:        lr = min
 * `step` is the 0-based index of the update about to be applied.
 */
import { OptimError } from "./errors.js";

export interface WarmupCosineConfig {
  /** Learning rate reached at the end of warmup. */
  peakLr: number;
  /** Learning rate at and after `totalSteps`; usually 0–10% of peak. */
  minLr: number;
  /** Steps of linear warmup from peak/W up to peak; 0 starts at peak. */
  warmupSteps: number;
  /** Step at which the cosine reaches `minLr`. */
  totalSteps: number;
}

export type LrSchedule = (step: number) => number;

export function warmupCosine(config: WarmupCosineConfig): LrSchedule {
  const { peakLr, minLr, warmupSteps, totalSteps } = config;
  if (!(peakLr > 0) || !(minLr >= 0) || minLr > peakLr) {
    throw new OptimError("OPTIM_BAD_CONFIG", `need 0 ≤ minLr ≤ peakLr and peakLr > 0, got minLr=${minLr} peakLr=${peakLr}`);
  }
  if (!Number.isInteger(warmupSteps) || !Number.isInteger(totalSteps) || warmupSteps < 0 || totalSteps < warmupSteps) {
    throw new OptimError("OPTIM_BAD_CONFIG", `need integers 0 ≤ warmupSteps ≤ totalSteps, got ${warmupSteps}, ${totalSteps}`);
  }
  const decaySteps = totalSteps - warmupSteps;
  return (step) => {
    if (step < warmupSteps) return (peakLr * (step + 1)) / warmupSteps;
    if (step >= totalSteps || decaySteps === 0) return minLr;
    const progress = (step - warmupSteps) / decaySteps;
    return minLr + 0.5 * (peakLr - minLr) * (1 + Math.cos(Math.PI * progress));
  };
}

/** A fixed learning rate, for tests and short runs. */
export function constantLr(lr: number): LrSchedule {
  if (!(lr > 0)) throw new OptimError("OPTIM_BAD_CONFIG", `lr must be > 0, got ${lr}`);
  return () => lr;
}
