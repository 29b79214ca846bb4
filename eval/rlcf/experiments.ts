/**
 * The fine-tuned models eval:rlcf compares: each experiment's newest checkpoint under
 * .local/finetune/rlcf-<name>/checkpoints/ (what `npm run finetune -- --config <name>` writes),
 * rebuilt on the anchor exactly as the finetune job does before publishing (LoRA merged, ACE kept).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { compileGraphs, GeneratorModel, type LoadedGenerator } from "../../batch-jobs/generator/index.js";
import { loadLatestCheckpoint } from "../../batch-jobs/ml/index.js";
import { FINETUNE_CONFIGS, type FinetuneConfigName } from "../../batch-jobs/rlcf/config.js";
import type { EpochRecord } from "../../batch-jobs/rlcf/finetune-run.js";
import { Policy } from "../../batch-jobs/rlcf/policy.js";

export interface Experiment {
  name: FinetuneConfigName;
  epochs: number;
  /** Per-epoch training records (rewards of policy and anchor films). */
  history: EpochRecord[];
  minutes: number;
  model: GeneratorModel;
}

export const EXPERIMENTS: FinetuneConfigName[] = ["direct-feedback", "no-ace", "posture-only", "diagnostic-only", "consistency-only", "cxrl", "cxrl-kl", "cxrl-ace-only", "cxrl-ace-steady"];

export function checkpointDir(root: string, name: string): string {
  return path.join(root, ".local", "finetune", `rlcf-${name}`, "checkpoints");
}

export async function loadExperiment(anchor: LoadedGenerator, name: FinetuneConfigName, dir: string): Promise<Experiment | null> {
  if (!existsSync(dir)) return null;
  const saved = loadLatestCheckpoint(dir);
  if (!saved) return null;
  const loop = saved.manifest.trainer as { seed: number; history: EpochRecord[] };
  const config = FINETUNE_CONFIGS[name];
  const policy = await Policy.create(anchor, config, { seed: loop.seed, rolloutBatch: 1 });
  try {
    policy.load(saved.weights);
    const merged = policy.merged();
    const model = new GeneratorModel(policy.architecture, anchor.model.tokenizer, compileGraphs(policy.architecture, merged, [16], false), {}, { intraOpThreads: 2 });
    const minutes = loop.history.reduce((s, r) => s + r.seconds, 0) / 60;
    return { name, epochs: saved.manifest.step, history: loop.history, minutes, model };
  } finally {
    await policy.dispose();
  }
}
