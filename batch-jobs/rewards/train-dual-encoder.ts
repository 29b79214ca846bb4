/**
 * Trains the dual encoder contrastively on simulator films and their reports (each film's own
 * report, so phrasing varies from film to film), then measures on held-out films: retrieval
 * R@1 / R@5 among 100 candidates (image → report and report → image), zero-shot label AUROC
 * from text prompts, and the CLIP score of matched vs shuffled pairs.
 */
import { Trainer, compileTraining, createAdamW, createProgress, initParameters, Runtime, sessionStepFn, warmupCosine, type Params } from "../ml/index.js";
import { auroc } from "../../shared/metrics/ranking.js";
import { CHEXPERT_LABELS } from "../../shared/report/types.js";
import { gatherFilms, renderFilmBank, type FilmBank } from "./film-bank.js";
import { ClipModel } from "./clip-model.js";
import { buildDualEncoder, type DualEncoderShape } from "./dual-encoder.js";
import type { TrainRunConfig, TrainRunResult } from "./train-run.js";
import { textFeatureBatch } from "./text-features.js";
import { ZERO_SHOT_PROMPTS } from "./zero-shot-prompts.js";

export type DualEncoderTrainConfig = DualEncoderShape & TrainRunConfig;

export type DualEncoderTrainResult = TrainRunResult;

export async function trainDualEncoder(c: DualEncoderTrainConfig, log: (line: string) => void = () => {}, signal?: AbortSignal): Promise<DualEncoderTrainResult> {
  const t0 = Date.now();
  const bank = renderFilmBank({ count: c.films, size: c.size, firstSeed: c.firstSimSeed });
  const text = textFeatureBatch(bank.reports, c.textBuckets);
  const t1 = Date.now();
  log(`rendered ${bank.count} training films in ${((t1 - t0) / 1000).toFixed(1)} s`);

  const g = buildDualEncoder(c, c.batch, "train");
  const params = initParameters(g, c.seed) as Params;
  const session = await Runtime.create(compileTraining(g, params, { trainable: "all", loss: "loss" }).onnxBytes, { provider: "cpu", intraOpThreads: c.intraOpThreads, allowSpinning: false });
  const diagonal = { dims: [c.batch], data: BigInt64Array.from({ length: c.batch }, (_, i) => BigInt(i)) };
  const trainer = Trainer.create({
    params,
    optimizer: createAdamW(params, { weightDecay: c.weightDecay, decays: (n) => n.endsWith(".weight") }),
    seed: c.seed,
    totalSteps: c.steps,
    schedule: warmupCosine({ peakLr: c.peakLr, minLr: c.peakLr / 20, warmupSteps: Math.min(100, Math.floor(c.steps / 10)), totalSteps: c.steps }),
    clipNorm: 1,
    stepFn: sessionStepFn({
      session,
      samples: c.batch,
      batch: ({ rng }) => {
        const idx = distinctIndices(bank.count, c.batch, () => rng.int(bank.count));
        const t = new Float32Array(c.batch * c.textBuckets);
        idx.forEach((i, k) => t.set(text.subarray(i * c.textBuckets, (i + 1) * c.textBuckets), k * c.textBuckets));
        return { films: { dims: [c.batch, 1, c.size, c.size], data: gatherFilms(bank, idx) }, text: { dims: [c.batch, c.textBuckets], data: t }, diagonal };
      },
    }),
    progress: createProgress({ mode: process.env["CXR_PROGRESS"] === "off" ? "off" : "auto" }),
    signal,
  });
  const summary = await trainer.run();
  await session.dispose();
  const t2 = Date.now();
  const heldOut = renderFilmBank({ count: c.heldOutFilms, size: c.size, firstSeed: c.heldOutFirstSeed });
  const metrics = await evaluateDualEncoder(c, params, heldOut);
  metrics["final_train_loss"] = summary.history.at(-1)?.loss ?? NaN;
  metrics["logit_scale"] = Math.exp(params["logit_scale"]!.data[0]!);
  return { params, metrics, minutes: { render: (t1 - t0) / 60000, train: (t2 - t1) / 60000, evaluate: (Date.now() - t2) / 60000 } };
}

function distinctIndices(n: number, k: number, draw: () => number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < Math.min(k, n)) {
    const i = draw();
    if (!seen.has(i)) (seen.add(i), out.push(i));
  }
  return out;
}

/** Retrieval among groups of 100, zero-shot AUROC, matched vs shuffled CLIP scores. */
export async function evaluateDualEncoder(shape: DualEncoderShape, params: Params, heldOut: FilmBank): Promise<Record<string, number>> {
  const model = await ClipModel.create(shape, params);
  try {
    const e = shape.embedDim;
    const img = await model.embedFilms(heldOut.pixels, heldOut.count, heldOut.size);
    const txt = await model.embedReports(heldOut.reports);
    const dot = (a: Float32Array, i: number, b: Float32Array, j: number) => {
      let s = 0;
      for (let k = 0; k < e; k++) s += a[i * e + k]! * b[j * e + k]!;
      return s;
    };
    const group = 100;
    let [r1, r5, t1, t5, queries] = [0, 0, 0, 0, 0];
    for (let start = 0; start + group <= heldOut.count; start += group) {
      for (let q = start; q < start + group; q++) {
        const rankOf = (sim: (j: number) => number) => {
          const own = sim(q);
          let better = 0;
          for (let j = start; j < start + group; j++) if (j !== q && sim(j) > own) better++;
          return better;
        };
        const ri = rankOf((j) => dot(img, q, txt, j));
        const rt = rankOf((j) => dot(txt, q, img, j));
        r1 += ri < 1 ? 1 : 0;
        r5 += ri < 5 ? 1 : 0;
        t1 += rt < 1 ? 1 : 0;
        t5 += rt < 5 ? 1 : 0;
        queries++;
      }
    }
    const matched = Array.from({ length: heldOut.count }, (_, i) => dot(img, i, txt, i));
    const shuffled = Array.from({ length: heldOut.count }, (_, i) => dot(img, i, txt, (i + 1) % heldOut.count));
    const metrics: Record<string, number> = {
      held_out_films: heldOut.count,
      retrieval_r1: r1 / queries,
      retrieval_r5: r5 / queries,
      retrieval_t2i_r1: t1 / queries,
      retrieval_t2i_r5: t5 / queries,
      clip_score_matched: mean(matched),
      clip_score_shuffled: mean(shuffled),
    };
    const zs = await zeroShotAuroc(model, img, heldOut);
    Object.assign(metrics, zs);
    return metrics;
  } finally {
    await model.dispose();
  }
}

/** Per label: score = cos(film, positive prompt) − cos(film, negative prompt); AUROC vs truth. */
export async function zeroShotAuroc(model: ClipModel, img: Float32Array, bank: FilmBank): Promise<Record<string, number>> {
  const e = model.shape.embedDim;
  const prompts = CHEXPERT_LABELS.flatMap((l) => [ZERO_SHOT_PROMPTS[l].positive, ZERO_SHOT_PROMPTS[l].negative]);
  const p = await model.embedReports(prompts);
  const out: Record<string, number> = {};
  const values: number[] = [];
  CHEXPERT_LABELS.forEach((label, j) => {
    const scores = Array.from({ length: bank.count }, (_, i) => {
      let s = 0;
      for (let k = 0; k < e; k++) s += img[i * e + k]! * (p[2 * j * e + k]! - p[(2 * j + 1) * e + k]!);
      return s;
    });
    const a = auroc(scores, bank.truths.map((t) => t.present[j]!));
    out[`zero_shot_auroc_${label.toLowerCase().replace(/ /g, "_")}`] = a;
    if (Number.isFinite(a)) values.push(a);
  });
  out["zero_shot_mean_auroc"] = mean(values);
  return out;
}

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / Math.max(1, xs.length);
