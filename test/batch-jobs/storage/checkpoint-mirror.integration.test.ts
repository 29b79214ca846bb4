/**
 * Checkpoints mirrored to an object store (a local folder store standing in for S3): a training
 * run on one "machine" pushes after every checkpoint, a fresh machine restores and resumes to the
 * uninterrupted result; partial uploads stay invisible; pruned steps leave the store too.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listCheckpoints, saveCheckpoint } from "../../../batch-jobs/ml/checkpoint/index.js";
import { createAdamW, warmupCosine } from "../../../batch-jobs/ml/optim/index.js";
import { createProgress, Trainer, type TrainerOptions } from "../../../batch-jobs/ml/train/index.js";
import { checkpointMirror, openCheckpointMirror } from "../../../batch-jobs/storage/checkpoint-mirror.js";
import { LocalObjectStore } from "../../../batch-jobs/storage/local-object-store.js";
import { initParams, regressionStep } from "../ml/train/toy-regression.js";

let dirs: string[] = [];
const tmp = (label: string) => {
  const d = mkdtempSync(join(tmpdir(), `cxr-mirror-${label}-`));
  dirs.push(d);
  return d;
};
beforeEach(() => (dirs = []));
afterEach(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const TOTAL = 12;
const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

function options(root: string, initSeed: number, afterSave?: () => Promise<void>): TrainerOptions {
  const params = initParams(initSeed);
  return {
    params,
    optimizer: createAdamW(params, { weightDecay: 0.01 }),
    stepFn: regressionStep,
    seed: 7,
    totalSteps: TOTAL,
    schedule: warmupCosine({ peakLr: 0.05, minLr: 0.005, warmupSteps: 2, totalSteps: TOTAL }),
    checkpoint: { root, every: 4, keepLast: 2, ...(afterSave ? { afterSave } : {}) },
    progress: createProgress({ mode: "off" }),
  };
}

const tinyCheckpoint = (root: string, step: number) => saveCheckpoint(root, { step, weights: { w: { dims: [2], data: new Float32Array([step, -step]) } } });

describe("checkpoint mirror", () => {
  it("a run pushed after every checkpoint resumes on a fresh machine to the uninterrupted result", async () => {
    const reference = options(tmp("ref"), 0);
    await Trainer.create(reference).run();

    const store = new LocalObjectStore(tmp("store"));
    const machineA = checkpointMirror(store, tmp("a"));
    await Trainer.create(options(machineA.localRoot, 0, async () => void (await machineA.push()))).run(8);
    writeFileSync(join(machineA.localRoot, "history.json"), "[1,2]");
    await machineA.push();

    const machineB = checkpointMirror(store, tmp("b"));
    expect(await machineB.restore()).toBe(8);
    expect(readdirSync(machineB.localRoot).sort()).toEqual(["history.json", "step-00000008"]);
    const resumedOpts = options(machineB.localRoot, 99, async () => void (await machineB.push()));
    const resumed = Trainer.create(resumedOpts, { resume: true });
    expect(resumed.step).toBe(8);
    await resumed.run();
    expect(bits(resumedOpts.params.w!.data)).toBe(bits(reference.params.w!.data));
    expect(await checkpointMirror(store, tmp("c")).restore()).toBe(12);
  });

  it("restore does nothing when the local folder is as new as the store", async () => {
    const store = new LocalObjectStore(tmp("store"));
    const mirror = checkpointMirror(store, tmp("local"));
    tinyCheckpoint(mirror.localRoot, 3);
    expect(await mirror.push()).toEqual([3]);
    expect(await mirror.restore()).toBeNull();
    expect(await checkpointMirror(store, tmp("empty")).restore()).toBe(3);
  });

  it("a second push uploads nothing new", async () => {
    const store = new LocalObjectStore(tmp("store"));
    const mirror = checkpointMirror(store, tmp("local"));
    tinyCheckpoint(mirror.localRoot, 1);
    expect(await mirror.push()).toEqual([1]);
    expect(await mirror.push()).toEqual([]);
  });

  it("a step whose manifest never arrived (crash mid-push) is not restored", async () => {
    const store = new LocalObjectStore(tmp("store"));
    const mirror = checkpointMirror(store, tmp("local"));
    tinyCheckpoint(mirror.localRoot, 2);
    await mirror.push();
    await store.put("step-00000005/weights.safetensors", new Uint8Array([1, 2, 3]));
    const fresh = checkpointMirror(store, tmp("fresh"));
    expect(await fresh.restore()).toBe(2);
  });

  it("steps pruned locally (keepLast) are removed from the store; newer remote steps are kept", async () => {
    const store = new LocalObjectStore(tmp("store"));
    const mirror = checkpointMirror(store, tmp("local"));
    for (const step of [1, 2, 3]) tinyCheckpoint(mirror.localRoot, step);
    await mirror.push();
    await store.put("step-00000009/manifest.json", new TextEncoder().encode("{}"));
    rmSync(listCheckpoints(mirror.localRoot)[0]!.dir, { recursive: true });
    await mirror.push();
    const steps = [...new Set((await store.list("")).map((k) => k.split("/")[0]))];
    expect(steps).toEqual(["step-00000002", "step-00000003", "step-00000009"]);
  });

  it("a file:// checkpoint URI is its own folder: nothing to copy", async () => {
    const dir = tmp("file");
    const mirror = openCheckpointMirror(pathToFileURL(dir).href);
    expect(mirror.localRoot).toBe(dir + "/");
    expect(await mirror.restore()).toBeNull();
    expect(await mirror.push()).toEqual([]);
  });
});
