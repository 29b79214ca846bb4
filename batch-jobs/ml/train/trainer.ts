/**
 * The training loop: for each step, call the user's step function (loss + gradients), clip,
 * apply the optimiser with the scheduled learning rate, report progress, checkpoint every K
 * steps. Resume is exact: everything random in step s must come from `ctx.rng`, which depends
 * only on (seed, s), and checkpoints hold weights, optimiser moments and the step counter, so a
 * run stopped at any checkpoint and resumed in a fresh process reproduces the uninterrupted run
 * bit for bit.
 */
import { createRng, type Rng } from "../../../shared/random.js";
import { loadLatestCheckpoint, saveCheckpoint } from "../checkpoint/store.js";
import { clipGradNorm } from "../optim/clip.js";
import type { Optimizer, Params } from "../optim/optimizer.js";
import type { LrSchedule } from "../optim/schedule.js";
import { TrainError } from "./errors.js";
import { createProgress, type ProgressReporter } from "./progress.js";

export interface StepContext {
  /** 0-based index of the update this step computes gradients for. */
  step: number;
  /** Seeded from (seed, step) alone: use it for data order, noise, dropout masks. */
  rng: Rng;
  /** Current trainable parameters; read them, do not modify them. */
  params: Params;
}

export interface StepResult {
  loss: number;
  /** One gradient per trainable parameter, same names; may be modified in place (clipping). */
  grads: Params;
  /** Samples in this step's batch, for samples/s in the progress output. */
  samples?: number;
}

export type StepFn = (ctx: StepContext) => StepResult | Promise<StepResult>;

export interface CheckpointPolicy {
  /** Folder of `step-N/` checkpoints (see checkpoint/store.ts). */
  root: string;
  /** Save after every `every` updates, and when the run ends or is stopped. */
  every: number;
  /** Keep only the newest N checkpoints; default keeps all. */
  keepLast?: number;
  /** JSON run configuration recorded in each manifest. */
  config?: unknown;
  /**
   * Awaited after each checkpoint the loop saves, e.g. `() => mirror.push()` to copy it to the
   * object store (storage/checkpoint-mirror.ts) so a retry on another machine resumes.
   */
  afterSave?: (saved: { step: number; dir: string }) => Promise<void>;
}

export interface TrainerOptions {
  /** Trainable parameters, updated in place (and overwritten on resume). */
  params: Params;
  optimizer: Optimizer;
  stepFn: StepFn;
  /** Seed of every per-step Rng. A resume with another seed is refused. */
  seed: number;
  /** Updates of the whole run; progress ETA and the schedule are relative to it. */
  totalSteps: number;
  schedule: LrSchedule;
  /** Global-norm gradient clipping; omitted = no clipping. */
  clipNorm?: number;
  checkpoint?: CheckpointPolicy;
  progress?: ProgressReporter;
  /** Checked between steps: when aborted, the loop checkpoints and returns (spot interruption, SIGTERM). */
  signal?: AbortSignal;
}

export interface StepRecord {
  step: number;
  loss: number;
  lr: number;
  gradNorm: number | null;
}

export interface RunSummary {
  /** Updates applied so far in total (the next step index). */
  step: number;
  /** The steps run by this call, in order. */
  history: StepRecord[];
  stoppedEarly: boolean;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The per-step generator: a pure function of (seed, step), never a stream shared across steps. */
export const stepRng = (seed: number, step: number): Rng => createRng(seed).fork(`step:${step}`);

export class Trainer {
  private nextStep = 0;
  /** Loss and learning rate of the last applied update, recorded in checkpoints. */
  private last: { loss: number; lr: number } | null = null;
  private readonly progress: ProgressReporter;

  private constructor(private readonly opts: TrainerOptions) {
    this.progress = opts.progress ?? createProgress();
  }

  /** A new loop; with `resume`, continues from the newest checkpoint in `checkpoint.root` if any. */
  static create(opts: TrainerOptions, { resume = false }: { resume?: boolean } = {}): Trainer {
    if (!Number.isInteger(opts.totalSteps) || opts.totalSteps < 0) throw new TrainError("TRAIN_BAD_CONFIG", `totalSteps must be an integer ≥ 0, got ${opts.totalSteps}`);
    if (opts.checkpoint !== undefined && !(Number.isInteger(opts.checkpoint.every) && opts.checkpoint.every > 0)) {
      throw new TrainError("TRAIN_BAD_CONFIG", `checkpoint.every must be an integer ≥ 1, got ${opts.checkpoint.every}`);
    }
    const trainer = new Trainer(opts);
    if (resume) {
      if (opts.checkpoint === undefined) throw new TrainError("TRAIN_BAD_CONFIG", "resume needs a checkpoint policy (checkpoint.root)");
      trainer.restoreLatest(opts.checkpoint.root);
    }
    return trainer;
  }

  /** Index of the next update (= updates applied so far). */
  get step(): number {
    return this.nextStep;
  }

  /** Runs until `untilStep` updates have been applied in total (default: totalSteps). */
  async run(untilStep = this.opts.totalSteps): Promise<RunSummary> {
    const { params, optimizer, stepFn, seed, schedule, clipNorm, checkpoint, signal } = this.opts;
    const history: StepRecord[] = [];
    const started = performance.now();
    let samples = 0;
    let stoppedEarly = false;
    while (this.nextStep < untilStep) {
      // session.run blocks the thread and its promise settles without an event-loop turn: yield
      // once per step so the SIGTERM handler, progress sends and other I/O run between steps.
      await yieldToEventLoop();
      if (signal?.aborted === true) {
        stoppedEarly = true;
        break;
      }
      const step = this.nextStep;
      const result = await stepFn({ step, rng: stepRng(seed, step), params });
      if (!Number.isFinite(result.loss)) throw new TrainError("TRAIN_NON_FINITE", `loss is ${result.loss} at step ${step}; no update applied (lower the learning rate or enable clipNorm)`);
      let gradNorm: number | null = null;
      if (clipNorm !== undefined) {
        gradNorm = clipGradNorm(result.grads, clipNorm);
        if (!Number.isFinite(gradNorm)) throw new TrainError("TRAIN_NON_FINITE", `gradient norm is ${gradNorm} at step ${step}; no update applied`);
      }
      const lr = schedule(step);
      optimizer.step(params, result.grads, lr);
      this.nextStep = step + 1;
      this.last = { loss: result.loss, lr };
      history.push({ step, loss: result.loss, lr, gradNorm });
      samples += result.samples ?? 0;
      const elapsed = (performance.now() - started) / 1000;
      const stepsPerSec = history.length / Math.max(elapsed, 1e-9);
      this.progress.update({
        step: this.nextStep,
        totalSteps: this.opts.totalSteps,
        loss: result.loss,
        lr,
        stepsPerSec,
        ...(result.samples !== undefined ? { samplesPerSec: samples / Math.max(elapsed, 1e-9) } : {}),
        etaSec: (this.opts.totalSteps - this.nextStep) / stepsPerSec,
      });
      if (checkpoint !== undefined && this.nextStep % checkpoint.every === 0) await this.checkpointAndHandOff(checkpoint);
    }
    if (checkpoint !== undefined && history.length > 0 && this.nextStep % checkpoint.every !== 0) await this.checkpointAndHandOff(checkpoint);
    this.progress.done();
    return { step: this.nextStep, history, stoppedEarly };
  }

  /** Writes a checkpoint of the current state now; returns its folder. */
  saveCheckpoint(): string {
    const policy = this.opts.checkpoint;
    if (policy === undefined) throw new TrainError("TRAIN_BAD_CONFIG", "no checkpoint policy configured");
    const saved = saveCheckpoint(
      policy.root,
      {
        step: this.nextStep,
        weights: this.opts.params,
        optimizer: this.opts.optimizer.state(),
        config: policy.config ?? null,
        trainer: { seed: this.opts.seed, nextStep: this.nextStep, totalSteps: this.opts.totalSteps, lastLoss: this.last?.loss ?? null, lastLr: this.last?.lr ?? null },
      },
      policy.keepLast !== undefined ? { keepLast: policy.keepLast } : {},
    );
    this.progress.event("checkpoint", { step: this.nextStep, dir: saved.dir });
    return saved.dir;
  }

  private async checkpointAndHandOff(policy: CheckpointPolicy): Promise<void> {
    const dir = this.saveCheckpoint();
    await policy.afterSave?.({ step: this.nextStep, dir });
  }

  private restoreLatest(root: string): void {
    const { params, optimizer, seed } = this.opts;
    const expectShapes = Object.fromEntries(Object.entries(params).map(([n, t]) => [n, t.dims]));
    const loaded = loadLatestCheckpoint(root, { expectShapes });
    if (loaded === null) return; // nothing saved yet: a fresh start is the correct resume
    const savedSeed = loaded.manifest.trainer.seed;
    if (savedSeed !== seed) throw new TrainError("TRAIN_RESUME_MISMATCH", `${loaded.dir} was trained with seed ${String(savedSeed)}, this run has seed ${seed}; exact resume needs the same seed`);
    if (loaded.optimizer === null) throw new TrainError("TRAIN_RESUME_MISMATCH", `${loaded.dir} has no optimiser state; cannot resume exactly`);
    if (loaded.optimizer.step !== loaded.manifest.step) {
      throw new TrainError("TRAIN_RESUME_MISMATCH", `${loaded.dir}: optimiser is at step ${loaded.optimizer.step}, manifest at ${loaded.manifest.step}`);
    }
    for (const [name, t] of Object.entries(params)) {
      const saved = loaded.weights[name]!;
      if (!(saved.data instanceof Float32Array)) throw new TrainError("TRAIN_RESUME_MISMATCH", `${loaded.dir}: parameter "${name}" is not F32`);
      t.data.set(saved.data); // in place: callers (and compiled sessions' feeds) keep their references
    }
    optimizer.restore(loaded.optimizer);
    this.nextStep = loaded.manifest.step;
    this.progress.event("resume", { step: this.nextStep, dir: loaded.dir });
  }
}
