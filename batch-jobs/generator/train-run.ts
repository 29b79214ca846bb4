/**
 * Supervised training of the generator (encoder + denoiser jointly, all parameters) on simulator
 * films: phases are (1) learn the tokenizer, (2) compile the training graph, (3) run the Trainer
 * in chunks between previews, resuming from the newest checkpoint. Bit-exact resume: batches
 * depend on (seed, step) only (training-batch.ts), weights + AdamW moments are checkpointed.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../fs/atomic-file.js";
import { TrainError } from "../ml/train/errors.js";
import { compileTraining, createAdamW, initParameters, Runtime, sessionStepFn, Trainer, warmupCosine, withEma, type NamedTensors, type Params } from "../ml/index.js";
import type { StepRecord } from "../ml/train/trainer.js";
import type { ProgressReporter } from "../ml/train/progress.js";
import type { TrainConfig } from "./config.js";
import { FilmPool, type FilmSource } from "./film-pool.js";
import { buildTrainingGraph, POSTURE_PREFIX, REFINE_PREFIX } from "./graphs.js";
import { cosineAlphaBar } from "./schedule.js";
import { learnReportTokenizer } from "./tokenizer-corpus.js";
import type { Tokenizer } from "./tokenizer.js";
import { trainingBatch } from "./training-batch.js";

export interface TrainRunOptions {
  config: TrainConfig;
  /** Name of the config, recorded in checkpoints. */
  configName: string;
  seed: number;
  checkpointDir: string;
  signal?: AbortSignal;
  progress?: ProgressReporter;
  /** Training films other than the simulator's (a user's dataset), built once the tokenizer exists. */
  source?: (tokenizer: Tokenizer) => Promise<FilmSource>;
  /** Start from a parent model's weights and tokenizer instead of a fresh initialisation. */
  init?: { params: NamedTensors; tokenizer: Tokenizer };
  /** Extra report texts the tokenizer learns from (the user's reports). */
  corpus?: readonly string[];
  /** Called every config.previewEvery updates with the current weights (sample grid, loss curve). */
  onPreview?: (p: { step: number; params: NamedTensors<Float32Array>; tokenizer: Tokenizer; history: StepRecord[] }) => Promise<void>;
}

export interface TrainRunResult {
  params: NamedTensors<Float32Array>;
  tokenizer: Tokenizer;
  step: number;
  stoppedEarly: boolean;
  history: StepRecord[];
}

/** Weight decay only on matrices (not biases, norms, embeddings' positions), as usual for transformers. */
const decays = (name: string) => /(weight|lora_[ab])$/.test(name) && !/(ln|norm)/.test(name);

/**
 * Copies the parent's weights into the fresh initialisation. A parent without the refinement head
 * or the posture condition lacks their parameters; they keep their initialisation (both start at
 * zero effect, graphs.ts).
 */
function inheritParameters(params: Params, parent: NamedTensors): void {
  const grown = [REFINE_PREFIX, POSTURE_PREFIX].filter((prefix) => !Object.keys(parent).some((name) => name.startsWith(prefix)));
  for (const [name, t] of Object.entries(params)) {
    const p = parent[name];
    if (!p && grown.some((prefix) => name.startsWith(prefix))) continue;
    if (!p || p.data.length !== t.data.length) throw new TrainError("TRAIN_BAD_CONFIG", `the parent model has no parameter ${name} of ${t.data.length} values: its architecture differs from the config's`);
    t.data.set(p.data as Float32Array);
  }
}

export async function trainGenerator(o: TrainRunOptions): Promise<TrainRunResult> {
  const cfg = o.config;
  const tokenizer = o.init?.tokenizer ?? learnReportTokenizer(cfg, o.corpus);
  const g = buildTrainingGraph(cfg.architecture, cfg.batch);
  const params = initParameters(g, o.seed) as Params;
  if (o.init) inheritParameters(params, o.init.params);
  const compiled = compileTraining(g, params, { trainable: "all", loss: "loss" });
  const session = await Runtime.create(compiled.onnxBytes, { provider: "cpu", intraOpThreads: cfg.threads, memoryPattern: false });
  const pool = o.source ? await o.source(tokenizer) : new FilmPool({ size: cfg.architecture.size, pool: cfg.pool, seedBase: cfg.trainSeedBase, tokenizer });
  if (pool.size === 0) throw new TrainError("TRAIN_BAD_CONFIG", "the training data holds no usable frontal film with a chest report");
  const alphaBar = cosineAlphaBar();
  const adamw = createAdamW(params, { weightDecay: cfg.weightDecay, decays });
  const ema = cfg.emaDecay > 0 ? withEma(adamw, params, cfg.emaDecay) : null;
  // What the run hands on (previews, the bundle): the averaged weights when the config keeps them.
  const exported = () => (ema ? ema.averaged() : params) as NamedTensors<Float32Array>;
  const trainer = Trainer.create({
    params,
    optimizer: ema ?? adamw,
    stepFn: sessionStepFn({ session, batch: ({ rng }) => trainingBatch(cfg, pool, alphaBar, rng), samples: cfg.batch }),
    seed: o.seed,
    totalSteps: cfg.steps,
    schedule: warmupCosine({ peakLr: cfg.peakLr, minLr: cfg.minLr, warmupSteps: cfg.warmupSteps, totalSteps: cfg.steps }),
    clipNorm: cfg.clipNorm,
    checkpoint: { root: o.checkpointDir, every: cfg.checkpointEvery, keepLast: 2, config: { configName: o.configName, config: cfg } },
    progress: o.progress,
    signal: o.signal,
  }, { resume: true });
  // The loss history survives restarts: records of steps not yet re-run are kept.
  const historyFile = join(o.checkpointDir, "history.json");
  const history: StepRecord[] = existsSync(historyFile) ? (JSON.parse(readFileSync(historyFile, "utf8")) as StepRecord[]).filter((r) => r.step < trainer.step) : [];
  let stoppedEarly = false;
  try {
    while (trainer.step < cfg.steps && !stoppedEarly) {
      const until = cfg.previewEvery > 0 ? Math.min(cfg.steps, (Math.floor(trainer.step / cfg.previewEvery) + 1) * cfg.previewEvery) : cfg.steps;
      const run = await trainer.run(until);
      history.push(...run.history);
      writeFileAtomic(historyFile, [new TextEncoder().encode(JSON.stringify(history))]);
      stoppedEarly = run.stoppedEarly;
      if (!stoppedEarly && o.onPreview) await o.onPreview({ step: trainer.step, params: exported(), tokenizer, history });
    }
  } finally {
    session.dispose();
  }
  return { params: exported(), tokenizer, step: trainer.step, stoppedEarly, history };
}
