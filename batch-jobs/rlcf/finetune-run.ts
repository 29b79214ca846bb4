/**
 * The RLCF loop, one epoch at a time (notation of the CXRL paper and DDPO):
 *   1. sample promptsPerEpoch reports × samplesPerPrompt seeds; the policy samples trajectories
 *      (η > 0), the frozen anchor the films x̂ for the same reports and x_T (rollout.ts);
 *   2. the three reward models score both; Σ_k w_k·(r_k(x) − r_k(x̂)) (comparative-reward.ts);
 *   3. advantages normalised per report (stat-tracker.ts) and clipped;
 *   4. PPO updates of LoRA + ACE on recomputed log-probabilities (ppo-update.ts);
 *   5. checkpoint: trainable weights, AdamW moments, stat-tracker buffers and the history.
 * Every random choice comes from createRng(seed).fork(`epoch:<e>`), so a run killed mid-epoch
 * resumes from the last checkpoint and ends bit-identical to an uninterrupted one.
 */
import { createRng } from "../../shared/random.js";
import { createAdamW, loadLatestCheckpoint, saveCheckpoint, TrainError } from "../ml/index.js";
import type { LoadedGenerator } from "../generator/index.js";
import { resizeFilms } from "../rewards/film-resize.js";
import type { RewardScores } from "../rewards/index.js";
import type { FinetuneConfig } from "./config.js";
import { clipAdvantages, combineRewards, REWARD_KEYS, type RewardKey } from "./comparative-reward.js";
import { Policy } from "./policy.js";
import { encodePrompts, ppoUpdates, type UpdateStats } from "./ppo-update.js";
import type { PromptPool } from "./prompt-pool.js";
import { sampleRollout } from "./rollout.js";
import { PerPromptStatTracker, type StatTrackerState } from "./stat-tracker.js";

/** Anything that scores films against reports (the reward models; a stub in tests). */
export interface RewardScorer {
  /** Film side the scorer takes (the policy's films are resized to it). */
  readonly size: number;
  score(films: Float32Array, count: number, size: number, reports: string[]): Promise<RewardScores>;
}

export interface EpochRecord {
  epoch: number;
  /** Mean combined reward (the optimised signal) and its spread over the epoch's films. */
  reward: number;
  rewardStd: number;
  /** Mean raw reward per goal for the policy's films and for the anchor's. */
  model: Record<RewardKey, number>;
  anchor: Record<RewardKey, number>;
  /** Share of films whose combined comparative reward is > 0 (beat the anchor). */
  winRate: number;
  updates: UpdateStats[];
  seconds: number;
}

export interface FinetuneRunOptions {
  config: FinetuneConfig;
  configName: string;
  seed: number;
  anchor: LoadedGenerator;
  rewards: RewardScorer;
  prompts: PromptPool;
  checkpointDir: string;
  signal?: AbortSignal;
  onEpoch?: (r: EpochRecord, total: number) => void;
  onCheckpoint?: (dir: string) => Promise<void>;
}

export interface FinetuneRunResult {
  policy: Policy;
  history: EpochRecord[];
  stoppedEarly: boolean;
}

interface LoopState {
  seed: number;
  epoch: number;
  tracker: StatTrackerState;
  history: EpochRecord[];
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const std = (xs: readonly number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const means = (s: RewardScores) => Object.fromEntries(REWARD_KEYS.map((k) => [k, mean(s[k])])) as Record<RewardKey, number>;

export async function runFinetune(o: FinetuneRunOptions): Promise<FinetuneRunResult> {
  const cfg = o.config;
  const filmsPerEpoch = cfg.promptsPerEpoch * cfg.samplesPerPrompt;
  if (cfg.promptsPerEpoch > o.prompts.size) throw new RangeError(`promptsPerEpoch ${cfg.promptsPerEpoch} exceeds the prompt pool (${o.prompts.size} reports)`);
  const policy = await Policy.create(o.anchor, cfg, { seed: o.seed, rolloutBatch: Math.min(16, filmsPerEpoch) });
  try {
    return await epochs(o, policy);
  } catch (err) {
    await policy.dispose();
    throw err;
  }
}

async function epochs(o: FinetuneRunOptions, policy: Policy): Promise<FinetuneRunResult> {
  const cfg = o.config;
  const optimizer = createAdamW(policy.trainable, { weightDecay: 0 });
  let state: LoopState = { seed: o.seed, epoch: 0, tracker: {}, history: [] };
  const saved = loadLatestCheckpoint(o.checkpointDir, { expectShapes: Object.fromEntries(Object.entries(policy.trainable).map(([n, t]) => [n, t.dims])) });
  if (saved) {
    const loop = saved.manifest.trainer as unknown as LoopState;
    if (loop.seed !== o.seed) throw new TrainError("TRAIN_RESUME_MISMATCH", `${saved.dir} was fine-tuned with seed ${loop.seed}, this run has seed ${o.seed}; exact resume needs the same seed`);
    policy.load(saved.weights);
    optimizer.restore(saved.optimizer!);
    state = loop;
  }
  const tracker = new PerPromptStatTracker(cfg.statTracker, state.tracker);
  const history = [...state.history];
  const size = policy.architecture.size;
  let stoppedEarly = false;
  for (let epoch = state.epoch; epoch < cfg.epochs; epoch++) {
    if (o.signal?.aborted) {
      stoppedEarly = true;
      break;
    }
    const started = performance.now();
    const rng = createRng(o.seed).fork(`epoch:${epoch}`);
    const chosen = distinct(o.prompts.size, cfg.promptsPerEpoch, rng.fork("prompts"));
    const reports = chosen.map((i) => o.prompts.report(i));
    const filmPrompt = chosen.flatMap((_, p) => Array.from({ length: cfg.samplesPerPrompt }, () => p));
    const seedRng = rng.fork("seeds");
    const seeds = filmPrompt.map(() => seedRng.int(2 ** 32));
    const filmReports = filmPrompt.map((p) => reports[p]!);
    const texts = filmReports.map((r) => r.text);
    const rollout = await sampleRollout(policy, o.anchor.model, filmReports, seeds, cfg);
    const score = (films: Float32Array) => o.rewards.score(resizeFilms(films, rollout.count, size, o.rewards.size), rollout.count, o.rewards.size, texts);
    const modelScores = await score(rollout.films);
    const anchorScores = await score(rollout.anchorFilms);
    const combined = combineRewards(modelScores, cfg.feedback === "comparative" ? anchorScores : null, cfg.rewards, cfg.feedback);
    const advantages = clipAdvantages(tracker.update(texts, combined.total), cfg.advantageClip);
    const prompts = await encodePrompts(policy, reports);
    const updates = await ppoUpdates(policy, optimizer, cfg, { rollout, filmPrompt, advantages, prompts }, rng.fork("ppo"));
    const vsAnchor = combineRewards(modelScores, anchorScores, cfg.rewards, "comparative").total;
    const record: EpochRecord = {
      epoch: epoch + 1,
      reward: mean(combined.total),
      rewardStd: std(combined.total),
      model: means(modelScores),
      anchor: means(anchorScores),
      winRate: mean(vsAnchor.map((d) => (d > 0 ? 1 : 0))),
      updates,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(record);
    const dir = saveCheckpoint(o.checkpointDir, {
      step: epoch + 1,
      weights: policy.trainable,
      optimizer: optimizer.state(),
      config: { configName: o.configName, config: cfg },
      trainer: { seed: o.seed, epoch: epoch + 1, tracker: tracker.state(), history } satisfies LoopState as unknown as Record<string, unknown>,
    }, { keepLast: 2 }).dir;
    o.onEpoch?.(record, cfg.epochs);
    await o.onCheckpoint?.(dir);
  }
  return { policy, history, stoppedEarly };
}

/** k distinct integers in [0, n), in draw order. */
function distinct(n: number, k: number, rng: ReturnType<typeof createRng>): number[] {
  const picked = new Set<number>();
  while (picked.size < k) picked.add(rng.int(n));
  return [...picked];
}
