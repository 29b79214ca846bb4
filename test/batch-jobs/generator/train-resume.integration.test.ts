/** Training the tiny generator: a run stopped and resumed equals an uninterrupted one, with and without weight averaging. */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TRAIN_CONFIGS, trainGenerator } from "../../../batch-jobs/generator/index.js";
import type { ProgressReporter } from "../../../batch-jobs/ml/train/progress.js";

const quiet: ProgressReporter = { update: () => {}, event: () => {}, done: () => {} };
const config = { ...TRAIN_CONFIGS.tiny, steps: 8, checkpointEvery: 2 };
const tmp = () => mkdtemp(path.join(os.tmpdir(), "cxr-gen-train-"));

const sameBits = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe.each([
  ["last iterate", config],
  ["EMA of the weights", { ...config, emaDecay: 0.9 }],
])("trainGenerator (tiny config, exporting the %s)", (_, config) => {
  it("a run stopped after a checkpoint and resumed ends bit-identical to an uninterrupted run", async () => {
    const straight = await trainGenerator({ config, configName: "tiny", seed: 3, checkpointDir: await tmp(), progress: quiet });
    const dir = await tmp();
    const stop = new AbortController();
    let seen = 0;
    const stopping: ProgressReporter = { ...quiet, update: () => void (++seen === 3 && stop.abort()) };
    const first = await trainGenerator({ config: { ...config }, configName: "tiny", seed: 3, checkpointDir: dir, progress: stopping, signal: stop.signal });
    expect(first.stoppedEarly).toBe(true);
    expect(first.step).toBeLessThan(config.steps);
    const resumed = await trainGenerator({ config, configName: "tiny", seed: 3, checkpointDir: dir, progress: quiet });
    expect(resumed.step).toBe(config.steps);
    for (const [name, t] of Object.entries(straight.params)) {
      expect(sameBits(resumed.params[name]!.data, t.data), name).toBe(true);
    }
    expect(resumed.history.map((r) => r.loss)).toEqual(straight.history.map((r) => r.loss));
  }, 60_000);
});

describe("trainGenerator with emaDecay", () => {
  it("exports the average, while the training itself is the plain run's", async () => {
    const plain = await trainGenerator({ config, configName: "tiny", seed: 3, checkpointDir: await tmp(), progress: quiet });
    const averaged = await trainGenerator({ config: { ...config, emaDecay: 0.9 }, configName: "tiny", seed: 3, checkpointDir: await tmp(), progress: quiet });
    expect(averaged.history.map((r) => r.loss)).toEqual(plain.history.map((r) => r.loss));
    const differ = Object.entries(plain.params).filter(([name, t]) => !sameBits(averaged.params[name]!.data, t.data));
    expect(differ.length).toBeGreaterThan(0);
  }, 60_000);
});
