import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compileTraining,
  createAdamW,
  createProgress,
  GraphBuilder,
  initParameters,
  nn,
  op,
  Runtime,
  sessionStepFn,
  Trainer,
  warmupCosine,
  type NamedTensors,
  type Params,
  type StepContext,
} from "../../../../batch-jobs/ml/index.js";

// A real compiled training graph through onnxruntime: a 2-layer MLP regressing a fixed function.
const BATCH = 16;
const TOTAL = 12;

function build(): GraphBuilder {
  const g = new GraphBuilder();
  const x = g.input("x", [BATCH, 8]);
  const y = g.input("y", [BATCH, 1]);
  const h = op.tanh(nn.linear(g, "fc1", x, { inFeatures: 8, outFeatures: 32 }));
  g.output("loss", op.mse(nn.linear(g, "fc2", h, { inFeatures: 32, outFeatures: 1 }), y));
  return g;
}

const batch = ({ rng }: StepContext): NamedTensors => {
  const x = Float32Array.from({ length: BATCH * 8 }, () => rng.normal());
  const y = Float32Array.from({ length: BATCH }, (_, n) => Math.sin(x[n * 8]!) + 0.5 * x[n * 8 + 1]!);
  return { x: { dims: [BATCH, 8], data: x }, y: { dims: [BATCH, 1], data: y } };
};

let root: string;
let session: Runtime;
const g = build();
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ort-resume-"));
  const compiled = compileTraining(g, initParameters(g, 0), { trainable: "all" });
  // One thread: a fixed reduction order, so repeated runs are bit-identical.
  session = await Runtime.create(compiled.onnxBytes, { intraOpThreads: 1 });
});
afterAll(() => {
  session.dispose();
  rmSync(root, { recursive: true, force: true });
});

function trainer(initSeed: number, withCheckpoints: boolean, resume = false): { t: Trainer; params: Params } {
  const params = initParameters(g, initSeed) as Params;
  const t = Trainer.create(
    {
      params,
      optimizer: createAdamW(params),
      stepFn: sessionStepFn({ session, batch, samples: BATCH }),
      seed: 11,
      totalSteps: TOTAL,
      schedule: warmupCosine({ peakLr: 0.02, minLr: 0.002, warmupSteps: 2, totalSteps: TOTAL }),
      clipNorm: 1,
      progress: createProgress({ mode: "off" }),
      ...(withCheckpoints ? { checkpoint: { root, every: 3 } } : {}),
    },
    { resume },
  );
  return { t, params };
}

describe("training loop on a compiled ONNX training graph", () => {
  it("learns, and stop + resume from a checkpoint reproduces the uninterrupted run bit for bit", async () => {
    const full = trainer(0, false);
    const reference = await full.t.run();
    expect(reference.history.at(-1)!.loss).toBeLessThan(reference.history[0]!.loss);

    const head = await trainer(0, true).t.run(TOTAL / 2);
    const resumed = trainer(123, true, true);
    expect(resumed.t.step).toBe(TOTAL / 2);
    const tail = await resumed.t.run();
    expect([...head.history, ...tail.history].map((h) => h.loss)).toEqual(reference.history.map((h) => h.loss));
    for (const name of Object.keys(full.params)) expect(Array.from(resumed.params[name]!.data)).toEqual(Array.from(full.params[name]!.data));
  });
});
