import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listCheckpoints, loadLatestCheckpoint } from "../../../../batch-jobs/ml/checkpoint/index.js";
import { createAdamW, warmupCosine } from "../../../../batch-jobs/ml/optim/index.js";
import { createProgress, Trainer, type StepFn, type TrainerOptions } from "../../../../batch-jobs/ml/train/index.js";
import { initParams, regressionStep } from "./toy-regression.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "train-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const TOTAL = 20;
const quiet = createProgress({ mode: "off" });

function options(initSeed: number, overrides: Partial<TrainerOptions> = {}): TrainerOptions {
  const params = initParams(initSeed);
  return {
    params,
    optimizer: createAdamW(params, { weightDecay: 0.01 }),
    stepFn: regressionStep,
    seed: 1234,
    totalSteps: TOTAL,
    schedule: warmupCosine({ peakLr: 0.05, minLr: 0.005, warmupSteps: 3, totalSteps: TOTAL }),
    clipNorm: 5,
    checkpoint: { root, every: 5, config: { problem: "toy-regression" } },
    progress: quiet,
    ...overrides,
  };
}

const bits = (a: Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

describe("Trainer", () => {
  it("trains: the loss falls by an order of magnitude", async () => {
    const { history } = await Trainer.create(options(0, { checkpoint: undefined, totalSteps: 200, schedule: () => 0.05 })).run();
    const first = history.slice(0, 10).reduce((s, h) => s + h.loss, 0);
    const last = history.slice(-10).reduce((s, h) => s + h.loss, 0);
    expect(last).toBeLessThan(first / 10);
  });

  it("stop after k steps + resume in a fresh loop = uninterrupted run, bit for bit", async () => {
    const full = options(0, { checkpoint: undefined });
    const reference = await Trainer.create(full).run();

    const firstHalf = options(0);
    const head = await Trainer.create(firstHalf).run(TOTAL / 2);
    // Fresh objects with a different initialisation: everything must come from the checkpoint.
    const resumedOpts = options(99);
    const resumed = Trainer.create(resumedOpts, { resume: true });
    expect(resumed.step).toBe(TOTAL / 2);
    const tail = await resumed.run();

    const losses = [...head.history, ...tail.history].map((h) => h.loss);
    expect(losses).toEqual(reference.history.map((h) => h.loss));
    expect(bits(resumedOpts.params.w!.data)).toBe(bits(full.params.w!.data));
    expect(bits(resumedOpts.params.b!.data)).toBe(bits(full.params.b!.data));
    expect(listCheckpoints(root).map((c) => c.step)).toEqual([5, 10, 15, 20]);
    const last = reference.history.at(-1)!;
    expect(loadLatestCheckpoint(root)!.manifest.trainer).toEqual({ seed: 1234, nextStep: 20, totalSteps: TOTAL, lastLoss: last.loss, lastLr: last.lr });
  });

  it("a crash between checkpoints resumes from the last one and still matches", async () => {
    const full = options(0, { checkpoint: undefined });
    await Trainer.create(full).run();
    const crashing: StepFn = (ctx) => {
      if (ctx.step === 13) throw new Error("simulated crash");
      return regressionStep(ctx);
    };
    await expect(Trainer.create(options(0, { stepFn: crashing })).run()).rejects.toThrow("simulated crash");
    expect(listCheckpoints(root).at(-1)?.step).toBe(10);
    const resumedOpts = options(5);
    await Trainer.create(resumedOpts, { resume: true }).run();
    expect(bits(resumedOpts.params.w!.data)).toBe(bits(full.params.w!.data));
  });

  it("an abort signal stops between steps and checkpoints where it stopped", async () => {
    const controller = new AbortController();
    const stopping: StepFn = (ctx) => {
      if (ctx.step === 7) controller.abort();
      return regressionStep(ctx);
    };
    const summary = await Trainer.create(options(0, { stepFn: stopping, signal: controller.signal })).run();
    expect(summary).toMatchObject({ step: 8, stoppedEarly: true });
    expect(listCheckpoints(root).map((c) => c.step)).toEqual([5, 8]);
  });

  it("refuses a non-finite loss without applying the update", async () => {
    const opts = options(0, { checkpoint: undefined, stepFn: (ctx) => ({ ...regressionStep(ctx), loss: NaN }) as ReturnType<StepFn> });
    const before = bits(opts.params.w!.data);
    await expect(Trainer.create(opts).run()).rejects.toThrow(/TRAIN_NON_FINITE: loss is NaN at step 0/);
    expect(bits(opts.params.w!.data)).toBe(before);
  });

  it("refuses to resume a run made with another seed", async () => {
    await Trainer.create(options(0)).run(5);
    expect(() => Trainer.create(options(0, { seed: 1 }), { resume: true })).toThrow(/TRAIN_RESUME_MISMATCH: .*seed 1234.*seed 1/);
  });

  it("resume with no checkpoint yet starts at step 0", () => {
    expect(Trainer.create(options(0), { resume: true }).step).toBe(0);
  });
});
