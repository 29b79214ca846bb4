/**
 * Times one benchmark model in our engine: a training step (ORT run of the training graph +
 * AdamW in TS over all parameters) and a forward pass (inference graph), batch 32, 2 threads.
 */
import {
  compileInference,
  compileTraining,
  createAdamW,
  initParameters,
  Runtime,
  type GraphBuilder,
  type NamedTensors,
  type Params,
} from "../../batch-jobs/ml/index.js";
import { forwardFlops } from "./flops.js";
import { maxRssMb, randomNormal, round, summarize, timed, type Timing } from "./measure.js";

export interface ModelResult {
  params: number;
  forwardGflop: number;
  /** Whole training step: ORT forward+backward, gradient copy-out, AdamW update. */
  train: Timing;
  /** The ORT run alone within the training step. */
  trainRun: Timing;
  /** The AdamW update alone within the training step. */
  optimizer: Timing;
  forward: Timing;
  trainGflops: number;
  forwardGflops: number;
  compileMs: number;
  sessionMs: number;
  maxRssMbAfter: number;
}

export async function benchModel(build: (batch: number) => GraphBuilder, batch: number, warmup: number, reps: number): Promise<ModelResult> {
  const g = build(batch);
  const flops = forwardFlops(g); // before compiling: only the forward graph's nodes
  const params = initParameters(g, 0) as Params;
  const paramCount = Object.values(params).reduce((n, t) => n + t.data.length, 0);
  const feeds: NamedTensors = {};
  let seed = 1;
  for (const [name, t] of g.inputs) feeds[name] = { dims: [...t.shape], data: randomNormal(t.shape.reduce((a, b) => a * b, 1), seed++) };

  let t0 = performance.now();
  const training = compileTraining(g, params, { trainable: "all" });
  const inference = compileInference(g, params, { outputs: ["pred"] });
  const compileMs = performance.now() - t0;
  t0 = performance.now();
  const trainSession = await Runtime.create(training.onnxBytes, { intraOpThreads: 2 });
  const sessionMs = performance.now() - t0;

  const optimizer = createAdamW(params, { weightDecay: 0.01 });
  const runMs: number[] = [];
  const optMs: number[] = [];
  const train = await timed(
    async () => {
      const a = performance.now();
      const out = await trainSession.run({ ...feeds, ...params });
      const b = performance.now();
      const grads: Params = {};
      for (const name of training.paramNames) grads[name] = out[`grad/${name}`] as Params[string];
      optimizer.step(params, grads, 1e-4);
      runMs.push(b - a);
      optMs.push(performance.now() - b);
    },
    warmup,
    reps,
  );
  trainSession.dispose();

  const { target: _unused, ...forwardFeeds } = feeds;
  const inferSession = await Runtime.create(inference.onnxBytes, { intraOpThreads: 2 });
  const forward = await timed(() => inferSession.run(forwardFeeds), warmup, reps);
  inferSession.dispose();

  return {
    params: paramCount,
    forwardGflop: round(flops / 1e9, 2),
    train,
    trainRun: summarize(runMs.slice(warmup)),
    optimizer: summarize(optMs.slice(warmup)),
    forward,
    trainGflops: round((3 * flops) / (train.medianMs / 1000) / 1e9, 1),
    forwardGflops: round(flops / (forward.medianMs / 1000) / 1e9, 1),
    compileMs: round(compileMs, 0),
    sessionMs: round(sessionMs, 0),
    maxRssMbAfter: maxRssMb(),
  };
}
