/** Training the tiny generator: the loss falls, and a run stopped and resumed equals an uninterrupted one. */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TRAIN_CONFIGS, trainGenerator } from "../../../batch-jobs/generator/index.js";
import type { ProgressReporter } from "../../../batch-jobs/ml/train/progress.js";

const quiet: ProgressReporter = { update: () => {}, event: () => {}, done: () => {} };
const config = { ...TRAIN_CONFIGS.tiny, steps: 8, checkpointEvery: 2 };
const tmp = () => mkdtemp(path.join(os.tmpdir(), "cxr-gen-train-"));

describe("trainGenerator (tiny config)", () => {
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
      expect(Buffer.from(resumed.params[name]!.data.buffer).equals(Buffer.from(t.data.buffer)), name).toBe(true);
    }
    expect(resumed.history.map((r) => r.loss)).toEqual(straight.history.map((r) => r.loss));
  }, 60_000);
});
