/**
 * Seconds per fine-tune epoch: runFinetune itself, as the finetune job runs it — the policy's
 * rollout of promptsPerEpoch × samplesPerPrompt trajectories and the anchor's films, scoring by
 * the committed reward models, advantages, PPO updates — on the bench's anchor. An epoch's time
 * is the loop's own EpochRecord.seconds (the checkpoint written after it is not counted); the
 * first `warmup` epochs also create the sessions (policy rollout, anchor, reward models).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RewardModels } from "../../batch-jobs/rewards/index.js";
import type { FinetuneConfig } from "../../batch-jobs/rlcf/config.js";
import { runFinetune } from "../../batch-jobs/rlcf/finetune-run.js";
import { PromptPool } from "../../batch-jobs/rlcf/prompt-pool.js";
import { maxRssMb, round, summarize, type Timing } from "../engine/measure.js";
import { loadSource, repositoryRegistry, type Source } from "../generate/generator-source.js";
import { CONFIG_NAME } from "./measured-config.js";

export const FINETUNE_SEED = 20261202;

export interface EpochResult {
  source: Source;
  label: string;
  trajectories: number;
  /** Transitions trained on per epoch (trajectories × timestepFraction of the steps). */
  transitions: number;
  updates: number;
  /** One epoch, in ms (samples after the warmup epochs). */
  epoch: Timing;
  /** The warmup epochs' times (session creation included), ms. */
  warmupMs: number[];
  trajectoriesPerSec: number;
  peakRssMb: number;
}

async function loadRewards(threads: number): Promise<RewardModels> {
  try {
    return await RewardModels.load(repositoryRegistry(), { intraOpThreads: threads });
  } catch (e) {
    throw new Error(`the epoch scores films with the committed reward models (models/reward-*), which did not load: ${(e as Error).message}. Train them with npm run train:rewards.`);
  }
}

export async function benchEpoch(cfg: FinetuneConfig, warmup: number, reps: number): Promise<EpochResult> {
  const { generator: anchor, source, label } = await loadSource(undefined, cfg.threads);
  const rewards = await loadRewards(cfg.threads);
  const checkpointDir = mkdtempSync(join(tmpdir(), "bench-finetune-"));
  const records: { seconds: number; transitions: number; updates: number }[] = [];
  try {
    const run = await runFinetune({
      config: { ...cfg, epochs: warmup + reps }, configName: CONFIG_NAME, seed: FINETUNE_SEED, anchor, rewards,
      prompts: new PromptPool(cfg.promptPool, cfg.promptSeedBase), checkpointDir,
      onEpoch: (r) => void records.push({ seconds: r.seconds, transitions: r.updates.reduce((n, u) => n + u.transitions, 0), updates: r.updates.length }),
    });
    await run.policy.dispose();
  } finally {
    rmSync(checkpointDir, { recursive: true, force: true });
    await rewards.dispose();
    await anchor.model.dispose();
  }
  const ms = records.map((r) => r.seconds * 1000);
  const epoch = summarize(ms.slice(warmup));
  const trajectories = cfg.promptsPerEpoch * cfg.samplesPerPrompt;
  return {
    source, label, trajectories, transitions: records[0]!.transitions, updates: records[0]!.updates,
    epoch, warmupMs: ms.slice(0, warmup).map((x) => round(x, 0)),
    trajectoriesPerSec: round(trajectories / (epoch.medianMs / 1000), 3),
    peakRssMb: maxRssMb(),
  };
}
