/**
 * One supervised training step of the generator as the train job runs it (train-run.ts): the
 * training graph (encoder + denoiser + v-prediction MSE, every parameter trainable) in ORT with
 * memoryPattern off, then AdamW over all parameters in TS. Fresh weights: a step's cost does not
 * depend on their values. The batch is synthetic (the film pool renders simulator films first,
 * which is not the step's cost) but shaped and masked like trainingBatch's.
 */
import { encodeReport, conditionFeeds } from "../../batch-jobs/generator/feeds.js";
import { buildTrainingGraph } from "../../batch-jobs/generator/graphs.js";
import { TRAIN_CONFIGS } from "../../batch-jobs/generator/index.js";
import { TRAIN_TIMESTEPS } from "../../batch-jobs/generator/schedule.js";
import { compileTraining, createAdamW, initParameters, Runtime, type NamedTensors, type Params } from "../../batch-jobs/ml/index.js";
import { maxRssMb, randomNormal, round, summarize, timed, type Timing } from "../engine/measure.js";
import { ARCHITECTURE, benchTokenizer, canonicalReports, INIT_SEED } from "./generator-source.js";

export interface TrainResult {
  batch: number;
  params: number;
  /** Whole step: ORT forward + backward, gradient copy-out, AdamW. */
  step: Timing;
  trainRun: Timing;
  optimizer: Timing;
  samplesPerSec: number;
  compileMs: number;
  sessionMs: number;
  peakRssMb: number;
}

function syntheticBatch(batch: number): NamedTensors {
  const a = ARCHITECTURE;
  const tokenizer = benchTokenizer();
  const rows = canonicalReports(batch).map((r) => encodeReport(tokenizer, r));
  // Every 10th row null-conditioned, every 3rd with its text hidden: about the config's rates.
  const options = rows.map((_, r) => ({ keep: r % 10 !== 9, showText: r % 3 !== 2 }));
  const dims = [batch, 1, a.size, a.size];
  const n = batch * a.size * a.size;
  const t = Float32Array.from({ length: batch }, (_, r) => Math.floor(((r + 0.5) / batch) * TRAIN_TIMESTEPS));
  return { ...conditionFeeds(a, rows, options), x: { dims, data: randomNormal(n, 1) }, target: { dims, data: randomNormal(n, 2) }, t: { dims: [batch], data: t } };
}

export async function benchTrain(batch: number, warmup: number, reps: number): Promise<TrainResult> {
  const cfg = TRAIN_CONFIGS["cxr-64"];
  const g = buildTrainingGraph(ARCHITECTURE, batch);
  const params = initParameters(g, INIT_SEED) as Params;
  const feeds = syntheticBatch(batch);
  let t0 = performance.now();
  const compiled = compileTraining(g, params, { trainable: "all", loss: "loss" });
  const compileMs = performance.now() - t0;
  t0 = performance.now();
  const session = await Runtime.create(compiled.onnxBytes, { provider: "cpu", intraOpThreads: cfg.threads, memoryPattern: false });
  const sessionMs = performance.now() - t0;
  const optimizer = createAdamW(params, { weightDecay: cfg.weightDecay });
  const runMs: number[] = [];
  const optMs: number[] = [];
  const step = await timed(
    async () => {
      const a = performance.now();
      const out = await session.run({ ...feeds, ...params });
      const b = performance.now();
      const grads: Params = {};
      for (const name of compiled.paramNames) grads[name] = out[`grad/${name}`] as Params[string];
      optimizer.step(params, grads, cfg.peakLr);
      runMs.push(b - a);
      optMs.push(performance.now() - b);
    },
    warmup,
    reps,
  );
  session.dispose();
  return {
    batch,
    params: Object.values(params).reduce((n, p) => n + p.data.length, 0),
    step,
    trainRun: summarize(runMs.slice(warmup)),
    optimizer: summarize(optMs.slice(warmup)),
    samplesPerSec: round(batch / (step.medianMs / 1000), 1),
    compileMs: round(compileMs, 0),
    sessionMs: round(sessionMs, 0),
    peakRssMb: maxRssMb(),
  };
}
