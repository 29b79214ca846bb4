/**
 * The training runs' own signal, comparable across experiments whatever they optimised: per epoch,
 * Σ_k (r_k(x) − r_k(x̂)) with all weights 1 between the policy's and the anchor's films on the
 * epoch's training reports (every run samples the anchor's films too), averaged over epochs
 * 1…E for the E that every run reached.
 */
import type { EpochRecord } from "../../batch-jobs/rlcf/finetune-run.js";
import type { Experiment } from "./experiments.js";

const gain = (r: EpochRecord) => r.model.posture - r.anchor.posture + r.model.diagnostic - r.anchor.diagnostic + r.model.consistency - r.anchor.consistency;

/** Mean gain over the epochs [from, to). */
const meanGain = (e: Experiment, from: number, to: number) => {
  const rows = e.history.slice(from, to);
  return rows.reduce((s, r) => s + gain(r), 0) / Math.max(1, rows.length);
};

export function rewardAtEpochs(experiments: readonly Experiment[]): { epochs: number; byExperiment: Record<string, number> } {
  const epochs = Math.min(...experiments.map((e) => e.history.length));
  return { epochs, byExperiment: Object.fromEntries(experiments.map((e) => [e.name, meanGain(e, 0, epochs)])) };
}

export function equalEpochTable(experiments: readonly Experiment[]): string {
  if (experiments.length === 0) return "(no fine-tune checkpoints)";
  const { epochs } = rewardAtEpochs(experiments);
  const half = Math.max(1, Math.floor(epochs / 2));
  return [
    `| experiment | epochs run | mean over epochs 1–${epochs} | mean over epochs ${half + 1}–${epochs} | last-epoch win rate |`,
    "|---|---|---|---|---|",
    ...experiments.map((e) => `| ${e.name} | ${e.history.length} | ${meanGain(e, 0, epochs).toFixed(4)} | ${meanGain(e, half, epochs).toFixed(4)} | ${e.history[e.history.length - 1]?.winRate.toFixed(3) ?? "n/a"} |`),
  ].join("\n");
}
