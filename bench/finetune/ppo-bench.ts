/**
 * One PPO step of the fine-tune: ppoUpdates itself on one group of exactly trainBatch
 * transitions, i.e. one chunk — its feeds, one run of the policy's training graph (guided v̂ from
 * 2·trainBatch denoiser rows, DDIM mean, log π, PPO surrogate, backward of LoRA + ACE), the
 * gradient copy-out, the norm clip and one AdamW step. (In an epoch, clip and AdamW run once per
 * update of several chunks; they are a small share.) The transitions are synthetic — random
 * films on a trainBatch-film trajectory of cfg.steps steps — but the prompts are real reports
 * through the frozen encoder: values do not change the cost.
 */
import { createAdamW } from "../../batch-jobs/ml/index.js";
import type { TrajectoryStep } from "../../batch-jobs/generator/index.js";
import { ddimStepAlphas } from "../../batch-jobs/generator/sampler.js";
import { cosineAlphaBar } from "../../batch-jobs/generator/schedule.js";
import type { FinetuneConfig } from "../../batch-jobs/rlcf/config.js";
import { Policy } from "../../batch-jobs/rlcf/policy.js";
import { encodePrompts, ppoUpdates, type EpochData } from "../../batch-jobs/rlcf/ppo-update.js";
import { createRng } from "../../shared/random.js";
import { maxRssMb, randomNormal, round, summarize, timed, type Timing } from "../engine/measure.js";
import { canonicalReports, loadSource, type Source } from "../generate/generator-source.js";
import { FINETUNE_SEED } from "./epoch-bench.js";

export interface PpoResult {
  source: Source;
  label: string;
  batch: number;
  trainable: number;
  /** Whole step: feeds, ORT forward + backward, gradient accumulation, clip, AdamW. */
  step: Timing;
  /** The policy.training.run call alone. */
  trainRun: Timing;
  transitionsPerSec: number;
  /** Policy.create: graph compile and the PPO session (paid once per fine-tune). */
  setupMs: number;
  peakRssMb: number;
}

function syntheticEpoch(cfg: FinetuneConfig, pixels: number, prompts: EpochData["prompts"]): EpochData {
  const films = cfg.trainBatch;
  const trajectory: TrajectoryStep[] = ddimStepAlphas(cfg.steps, cosineAlphaBar()).map(({ t }, k) => {
    const xt = randomNormal(films * pixels, 2 * k + 1);
    return { t, xt, prev: randomNormal(films * pixels, 2 * k + 2), mean: xt, sigma: 0.5, logProb: Array.from({ length: films }, (_, i) => -1 - 0.01 * i) };
  });
  return {
    rollout: { count: films, films: new Float32Array(films * pixels), anchorFilms: new Float32Array(films * pixels), chunks: [{ start: 0, count: films, trajectory }] },
    filmPrompt: Array.from({ length: films }, (_, i) => i),
    advantages: Array.from(randomNormal(films, 99)),
    prompts,
  };
}

export async function benchPpo(cfg: FinetuneConfig, warmup: number, reps: number): Promise<PpoResult> {
  const { generator: anchor, source, label } = await loadSource([1], cfg.threads);
  const t0 = performance.now();
  const policy = await Policy.create(anchor, cfg, { seed: FINETUNE_SEED, rolloutBatch: 1 });
  const setupMs = performance.now() - t0;
  const runMs: number[] = [];
  const run = policy.training.run.bind(policy.training);
  policy.training.run = async (...args) => {
    const t = performance.now();
    const out = await run(...args);
    runMs.push(performance.now() - t);
    return out;
  };
  // One update of one film-step per film, trainBatch films: exactly one chunk per ppoUpdates call.
  const oneChunk: FinetuneConfig = { ...cfg, updatesPerEpoch: 1, timestepFraction: 0 };
  const data = syntheticEpoch(cfg, policy.architecture.size ** 2, await encodePrompts(policy, canonicalReports(cfg.trainBatch)));
  const optimizer = createAdamW(policy.trainable, { weightDecay: 0 });
  const rng = createRng(FINETUNE_SEED);
  try {
    const step = await timed(async () => {
      const [update] = await ppoUpdates(policy, optimizer, oneChunk, data, rng);
      if (update?.transitions !== cfg.trainBatch) throw new Error(`expected one chunk of ${cfg.trainBatch} transitions, ppoUpdates trained on ${update?.transitions}`);
    }, warmup, reps);
    return {
      source, label, batch: cfg.trainBatch,
      trainable: Object.values(policy.trainable).reduce((n, p) => n + p.data.length, 0),
      step, trainRun: summarize(runMs.slice(warmup)),
      transitionsPerSec: round(cfg.trainBatch / (step.medianMs / 1000), 2),
      setupMs: round(setupMs, 0),
      peakRssMb: maxRssMb(),
    };
  } finally {
    await policy.dispose();
    await anchor.model.dispose();
  }
}
