/**
 * RSS over a long run: 1,000 training steps of a small DiT (dim 64, 2 blocks, patch 8, batch 8)
 * through the real loop (Trainer + sessionStepFn + AdamW), sampling RSS every 100 steps. Memory
 * that grows per step (leaked ORT tensors, un-freed output buffers) shows up as a slope.
 */
import { compileTraining, createAdamW, createProgress, initParameters, Runtime, sessionStepFn, Trainer, type NamedTensors, type Params } from "../../batch-jobs/ml/index.js";
import { maxRssMb, round, rssMb } from "./measure.js";
import { buildDit, type DitConfig } from "./models/dit.js";

export const SOAK_MODEL: DitConfig = { dim: 64, depth: 2, heads: 2, patch: 8 };
export const SOAK_BATCH = 8;

export interface SoakResult {
  model: string;
  params: number;
  steps: number;
  /** RSS (MiB) after step 100, 200, …, steps. */
  rssMb: number[];
  /** (last − first sample) / first sample, in %: the run is "flat" within ±10%. */
  growthPct: number;
  flat: boolean;
  msPerStep: number;
  maxRssMb: number;
}

export async function rssSoak(steps = 1000): Promise<SoakResult> {
  const g = buildDit(SOAK_BATCH, SOAK_MODEL);
  const params = initParameters(g, 0) as Params;
  const compiled = compileTraining(g, params, { trainable: "all" });
  const session = await Runtime.create(compiled.onnxBytes, { intraOpThreads: 2 });
  const inputs = [...g.inputs.values()].map((t) => ({ name: t.node.name!, dims: [...t.shape], n: t.shape.reduce((a, b) => a * b, 1) }));
  const samples: number[] = [];
  const trainer = Trainer.create({
    params,
    optimizer: createAdamW(params),
    seed: 0,
    totalSteps: steps,
    schedule: () => 1e-4,
    progress: createProgress({ mode: "off" }),
    stepFn: async (ctx) => {
      const r = await sessionStepFn({
        session,
        samples: SOAK_BATCH,
        batch: ({ rng }) => {
          const feeds: NamedTensors = {};
          for (const i of inputs) feeds[i.name] = { dims: i.dims, data: Float32Array.from({ length: i.n }, () => rng.normal()) };
          return feeds;
        },
      })(ctx);
      if ((ctx.step + 1) % 100 === 0) samples.push(rssMb());
      return r;
    },
  });
  const t0 = performance.now();
  await trainer.run();
  const msPerStep = (performance.now() - t0) / steps;
  session.dispose();
  const growthPct = round((100 * (samples.at(-1)! - samples[0]!)) / samples[0]!, 1);
  return {
    model: `DiT dim ${SOAK_MODEL.dim}, depth ${SOAK_MODEL.depth}, patch ${SOAK_MODEL.patch}, batch ${SOAK_BATCH}`,
    params: Object.values(params).reduce((n, t) => n + t.data.length, 0),
    steps,
    rssMb: samples,
    growthPct,
    flat: Math.abs(growthPct) <= 10,
    msPerStep: round(msPerStep, 2),
    maxRssMb: maxRssMb(),
  };
}
