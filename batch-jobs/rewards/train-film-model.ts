/**
 * Trains a posture model or a classifier on simulator films with the project's engine (compiled
 * training graph, AdamW, warmup-cosine, Trainer with progress lines), then measures it on
 * held-out films (simulator seeds never trained on). Returns weights and measured figures; the
 * caller publishes them (train-rewards.ts).
 */
import { Trainer, compileTraining, createAdamW, createProgress, initParameters, Runtime, sessionStepFn, warmupCosine, type NamedTensors, type Params } from "../ml/index.js";
import type { PhantomConfigInput } from "../data/phantom/index.js";
import { auroc } from "../../shared/metrics/ranking.js";
import { CHEXPERT_LABELS } from "../../shared/report/types.js";
import { gatherFilms, renderFilmBank, type FilmBank } from "./film-bank.js";
import { FilmModel } from "./film-model.js";
import { buildFilmModel, type FilmModelShape } from "./heads.js";
import type { TrainRunConfig, TrainRunResult } from "./train-run.js";
import { LABEL_COUNT, POSITIONS, POSTURE_KEYS, normalisePosture } from "./targets.js";

export interface FilmTrainConfig extends FilmModelShape, TrainRunConfig {
  /** Simulator overrides of the training and held-out films. */
  simulator?: PhantomConfigInput;
}

export interface FilmTrainResult extends TrainRunResult {
  finalLoss: number;
}

export async function trainFilmModel(c: FilmTrainConfig, log: (line: string) => void = () => {}, signal?: AbortSignal): Promise<FilmTrainResult> {
  const t0 = Date.now();
  const bank = renderFilmBank({ count: c.films, size: c.size, firstSeed: c.firstSimSeed, simulator: c.simulator });
  const t1 = Date.now();
  log(`rendered ${bank.count} training films in ${((t1 - t0) / 1000).toFixed(1)} s`);

  const g = buildFilmModel(c, c.batch, true);
  const params = initParameters(g, c.seed) as Params;
  const compiled = compileTraining(g, params, { trainable: "all", loss: "loss" });
  const session = await Runtime.create(compiled.onnxBytes, { provider: "cpu", intraOpThreads: c.intraOpThreads, allowSpinning: false });
  const trainer = Trainer.create({
    params,
    optimizer: createAdamW(params, { weightDecay: c.weightDecay, decays: (n) => n.endsWith(".weight") }),
    seed: c.seed,
    totalSteps: c.steps,
    schedule: warmupCosine({ peakLr: c.peakLr, minLr: c.peakLr / 20, warmupSteps: Math.min(100, Math.floor(c.steps / 10)), totalSteps: c.steps }),
    clipNorm: 1,
    stepFn: sessionStepFn({ session, samples: c.batch, batch: ({ rng }) => filmBatch(bank, c, Array.from({ length: c.batch }, () => rng.int(bank.count))) }),
    progress: createProgress({ mode: process.env["CXR_PROGRESS"] === "off" ? "off" : "auto" }),
    signal,
  });
  const summary = await trainer.run();
  await session.dispose();
  const t2 = Date.now();

  const heldOut = renderFilmBank({ count: c.heldOutFilms, size: c.size, firstSeed: c.heldOutFirstSeed, simulator: c.simulator });
  const metrics = await evaluateFilmModel(c, params, heldOut);
  const t3 = Date.now();
  const finalLoss = summary.history.at(-1)?.loss ?? NaN;
  metrics["final_train_loss"] = finalLoss;
  return { params, metrics, minutes: { render: (t1 - t0) / 60000, train: (t2 - t1) / 60000, evaluate: (t3 - t2) / 60000 }, finalLoss };
}

/** The graph inputs of one training batch (films + targets of the model kind). */
export function filmBatch(bank: FilmBank, shape: FilmModelShape, indices: number[]): NamedTensors {
  const b = indices.length;
  const films = { dims: [b, 1, bank.size, bank.size], data: gatherFilms(bank, indices) };
  if (shape.kind === "posture") {
    const target = new Float32Array(b * 5);
    indices.forEach((idx, k) => target.set(normalisePosture(bank.truths[idx]!.posture), k * 5));
    return { films, posture_target: { dims: [b, 5], data: target } };
  }
  const labels = new Float32Array(b * LABEL_COUNT);
  const projection = new Float32Array(b);
  const position = new BigInt64Array(b);
  indices.forEach((idx, k) => {
    const t = bank.truths[idx]!;
    labels.set(t.present, k * LABEL_COUNT);
    projection[k] = t.projection === "AP" ? 1 : 0;
    position[k] = BigInt(POSITIONS.indexOf(t.position));
  });
  return {
    films,
    labels_target: { dims: [b, LABEL_COUNT], data: labels },
    projection_target: { dims: [b, 1], data: projection },
    position_target: { dims: [b], data: position },
  };
}

/** Held-out figures: MAE per ψ parameter, or AUROC per label (with support) + view accuracy. */
export async function evaluateFilmModel(shape: FilmModelShape, params: Params, heldOut: FilmBank): Promise<Record<string, number>> {
  const model = await FilmModel.create(shape, params);
  try {
    const metrics: Record<string, number> = { held_out_films: heldOut.count };
    if (shape.kind === "posture") {
      const { posture } = await model.posture(heldOut.pixels, heldOut.count, heldOut.size);
      for (const key of POSTURE_KEYS) {
        metrics[`mae_${key}`] = posture.reduce((s, p, i) => s + Math.abs(p[key] - heldOut.truths[i]!.posture[key]), 0) / heldOut.count;
      }
      return metrics;
    }
    const out = await model.classify(heldOut.pixels, heldOut.count, heldOut.size);
    const aurocs: number[] = [];
    CHEXPERT_LABELS.forEach((label, j) => {
      const truth = heldOut.truths.map((t) => t.present[j]!);
      const scores = Array.from({ length: heldOut.count }, (_, i) => out.labels[i * LABEL_COUNT + j]!);
      const a = auroc(scores, truth);
      const key = label.toLowerCase().replace(/ /g, "_");
      metrics[`auroc_${key}`] = a;
      metrics[`support_${key}`] = truth.reduce((s, v) => s + v, 0);
      if (Number.isFinite(a)) aurocs.push(a);
    });
    metrics["mean_auroc"] = aurocs.reduce((s, v) => s + v, 0) / aurocs.length;
    metrics["projection_accuracy"] = out.projection.filter((p, i) => p === heldOut.truths[i]!.projection).length / heldOut.count;
    metrics["position_accuracy"] = out.position.filter((p, i) => p === heldOut.truths[i]!.position).length / heldOut.count;
    return metrics;
  } finally {
    await model.dispose();
  }
}
