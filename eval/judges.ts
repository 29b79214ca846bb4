/**
 * The judges' evidence (issue 10), measured from the committed bundles:
 *  1. held-out simulator films (seeds never trained on): posture MAE per ψ parameter, per-label
 *     AUROC with support and mean AUROC, dual-encoder retrieval R@1 / R@5 among 100 and zero-shot
 *     label AUROC — for every reward model and its judge;
 *  2. the ceiling row: simulator films judged against their own reports, the FID floor
 *     (simulator vs simulator) and the MS-SSIM floor (several simulator films of one report);
 *  3. robustness: the same with real radiologists' reports (IU dev.csv) drawn from their parsed
 *     condition — skipped cleanly without ../shared/data;
 *  4. sanity on real frontal films (../shared/data/real-cxr) — skipped cleanly without it.
 * Prints markdown tables, then one JSON line with the headline figures.
 *
 *   npm run eval:judges [-- --films 1000 --data ../shared/data --out eval-judges.md]
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { integerOption, runScript } from "../batch-jobs/cli/options.js";
import { parseReport } from "../shared/report/parse.js";
import { CHEXPERT_LABELS } from "../shared/report/types.js";
import { ModelRegistry } from "../batch-jobs/registry/model-registry.js";
import { openObjectStore } from "../batch-jobs/storage/open-object-store.js";
import { simulatorConfigFor } from "../batch-jobs/rewards/condition-films.js";
import { evaluateFilms, referenceGaussian, type EvaluationSummary } from "../batch-jobs/rewards/evaluate-films.js";
import { summaryMarkdown } from "../batch-jobs/rewards/evaluation-table.js";
import { SEED_RANGES, WIDE_POSTURE, renderFilmBank, type FilmBank } from "../batch-jobs/rewards/film-bank.js";
import { JudgeModels, RewardModels } from "../batch-jobs/rewards/index.js";
import { machineDescription } from "../batch-jobs/rewards/train-reward-model.js";
import { POSTURE_KEYS, truthOf } from "../batch-jobs/rewards/targets.js";
import { phantomConfig, simulate } from "../batch-jobs/data/phantom/index.js";
import { filmToTensor } from "../batch-jobs/data/tensors/film-tensor.js";
import { iuFilmBank } from "./judges/iu-films.js";
import { modelFigures } from "./judges/model-figures.js";
import { judgeRealFilms, realFilmList } from "./judges/real-films.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const f3 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "n/a" : v.toFixed(3));
const key = (l: string) => l.toLowerCase().replace(/ /g, "_");
const out: string[] = [];
const say = (...lines: string[]) => {
  for (const line of lines.length === 0 ? [""] : lines) {
    out.push(line);
    console.log(line);
  }
};
const setOf = (b: FilmBank) => ({ films: b.pixels, count: b.count, size: b.size, ids: b.seeds.map(String), reports: b.reports, truePosture: b.truths.map((t) => t.posture) });
const options = (seed: number) => ({ resamples: 500, fidResamples: 30, seed, maxPairsPerReport: 6 });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { films: { type: "string" }, data: { type: "string", default: path.join(REPO, "..", "shared", "data") }, out: { type: "string" }, registry: { type: "string" } } });
  const n = integerOption("films", values.films, 1000, { min: 10, max: 1_000_000 });
  const started = Date.now();
  const registry = new ModelRegistry(openObjectStore(values.registry ?? pathToFileURL(REPO + "/").href));
  const judges = await JudgeModels.load(registry, { intraOpThreads: 1 });
  const rewards = await RewardModels.load(registry, { intraOpThreads: 1 });
  const size = judges.size;
  say(`# Judges and rewards — measured ${new Date().toISOString().slice(0, 10)} on ${machineDescription()}`);

  // 1. Held-out figures of every model.
  const heldOut = renderFilmBank({ count: n, size, firstSeed: SEED_RANGES.heldOut });
  const heldOutWide = renderFilmBank({ count: n, size, firstSeed: SEED_RANGES.heldOut, simulator: { posture: WIDE_POSTURE } });
  const figures: Record<string, Record<string, number>> = {};
  for (const name of ["reward-posture", "judge-posture"]) figures[name] = await modelFigures(registry, name, heldOutWide);
  const hasJudgeClip = (await registry.resolve("judge-clip", "production")) !== null;
  const clips = hasJudgeClip ? ["reward-clip", "judge-clip"] : ["reward-clip"];
  for (const name of ["reward-classifier", "judge-classifier", ...clips]) figures[name] = await modelFigures(registry, name, heldOut);
  figures["judge-clip"] ??= {};
  if (!hasJudgeClip) say("", "judge-clip: not in the registry (not trained yet) — judged CLIP scores are n/a below.");
  say("", `## Held-out simulator films (${n}, seeds ${SEED_RANGES.heldOut}…, never trained on)`, "");
  say("| posture MAE | " + POSTURE_KEYS.join(" | ") + " |");
  say("|---|" + POSTURE_KEYS.map(() => "---").join("|") + "|");
  for (const name of ["reward-posture", "judge-posture"]) say(`| ${name} | ${POSTURE_KEYS.map((k) => f3(figures[name]![`mae_${k}`])).join(" | ")} |`);
  say("", "| label | support | reward-classifier AUROC | judge-classifier AUROC | reward-clip zero-shot | judge-clip zero-shot |", "|---|---|---|---|---|---|");
  for (const l of CHEXPERT_LABELS) {
    say(`| ${l} | ${figures["judge-classifier"]![`support_${key(l)}`]} | ${f3(figures["reward-classifier"]![`auroc_${key(l)}`])} | ${f3(figures["judge-classifier"]![`auroc_${key(l)}`])} | ${f3(figures["reward-clip"]![`zero_shot_auroc_${key(l)}`])} | ${f3(figures["judge-clip"]![`zero_shot_auroc_${key(l)}`])} |`);
  }
  say(`| **mean** | | **${f3(figures["reward-classifier"]!["mean_auroc"])}** | **${f3(figures["judge-classifier"]!["mean_auroc"])}** | **${f3(figures["reward-clip"]!["zero_shot_mean_auroc"])}** | **${f3(figures["judge-clip"]!["zero_shot_mean_auroc"])}** |`);
  say("", `Projection accuracy: reward ${f3(figures["reward-classifier"]!["projection_accuracy"])}, judge ${f3(figures["judge-classifier"]!["projection_accuracy"])}; position accuracy: reward ${f3(figures["reward-classifier"]!["position_accuracy"])}, judge ${f3(figures["judge-classifier"]!["position_accuracy"])}.`);
  say("", "| dual encoder | image→report R@1 / R@5 (of 100) | report→image R@1 / R@5 | CLIP score matched / shuffled |", "|---|---|---|---|");
  for (const name of clips) {
    const m = figures[name]!;
    say(`| ${name} | ${f3(m["retrieval_r1"])} / ${f3(m["retrieval_r5"])} | ${f3(m["retrieval_t2i_r1"])} / ${f3(m["retrieval_t2i_r5"])} | ${f3(m["clip_score_matched"])} / ${f3(m["clip_score_shuffled"])} |`);
  }

  // 2. Ceiling: simulator films judged against their own reports; FID floor; MS-SSIM floor.
  const referenceBank = renderFilmBank({ count: n, size, firstSeed: SEED_RANGES.heldOut + 500_000 });
  const reference = await referenceGaussian(judges, referenceBank.pixels, referenceBank.count, size);
  const ceiling = (await evaluateFilms(setOf(heldOut), { judges, rewards }, { reference, ...options(1) })).summary;
  say("", summaryMarkdown(ceiling, "Ceiling: simulator films judged against their own reports (FID = simulator vs simulator floor)"));
  const perReport = 4;
  const diversityReports = heldOut.reports.slice(0, Math.max(10, Math.floor(n / 10)));
  const dBank = conditionBank(diversityReports, perReport, size, SEED_RANGES.heldOut + 700_000);
  const floor = (await evaluateFilms(setOf(dBank), { judges, rewards: null }, { reference, ...options(2) })).summary;
  say(`MS-SSIM floor: ${perReport} simulator films drawn from each of ${diversityReports.length} reports' parsed conditions: ${f3(floor.msSsimDiversity?.estimate)} [${f3(floor.msSsimDiversity?.lo)}, ${f3(floor.msSsimDiversity?.hi)}] (lower = more diverse).`);

  // 3. IU robustness.
  const iuCsv = path.join(values.data, "iu-reports", "dev.csv");
  let iu: { summary: EvaluationSummary; clip: Record<string, Record<string, number>> } | null = null;
  if (existsSync(iuCsv)) {
    const iuBank = iuFilmBank(iuCsv, size, SEED_RANGES.heldOut + 800_000);
    const summary = (await evaluateFilms(setOf(iuBank), { judges, rewards }, { reference, ...options(3) })).summary;
    say("", summaryMarkdown(summary, `Robustness: ${iuBank.count} IU reports (real phrasing), films drawn from their parsed condition`));
    const clip: Record<string, Record<string, number>> = {};
    for (const name of clips) clip[name] = await modelFigures(registry, name, iuBank);
    say("| dual encoder on IU text | image→report R@1 / R@5 (of 100) | zero-shot mean AUROC | CLIP matched / shuffled |", "|---|---|---|---|");
    for (const name of clips) {
      const m = clip[name]!;
      say(`| ${name} | ${f3(m["retrieval_r1"])} / ${f3(m["retrieval_r5"])} | ${f3(m["zero_shot_mean_auroc"])} | ${f3(m["clip_score_matched"])} / ${f3(m["clip_score_shuffled"])} |`);
    }
    iu = { summary, clip };
  } else {
    say("", `Robustness (IU reports): skipped — ${iuCsv} not found.`);
  }

  // 4. Real films.
  const realRoot = path.join(values.data, "real-cxr");
  let real: Awaited<ReturnType<typeof judgeRealFilms>> | null = null;
  if (existsSync(realRoot)) {
    real = await judgeRealFilms(judges, realFilmList(realRoot));
    say("", `## Real frontal films (${real.films} decoded${real.failures.length ? `, ${real.failures.length} failed: ${real.failures.join("; ")}` : ""}; no training on them)`, "");
    say("| judge ψ on real films | " + POSTURE_KEYS.join(" | ") + " |", "|---|" + POSTURE_KEYS.map(() => "---").join("|") + "|");
    for (const stat of ["mean", "sd", "min", "max"] as const) say(`| ${stat} | ${POSTURE_KEYS.map((k) => f3(real!.psi[k]![stat])).join(" | ")} |`);
    say("", `View: judge agrees with the metadata's PA/AP on ${f3(real.viewAgreement)} of ${real.viewSupport} films that state it; predicts AP on ${f3(real.predictedAp)} of all.`);
    say("", "| label | mean judge probability on real films |", "|---|---|");
    for (const l of CHEXPERT_LABELS) say(`| ${l} | ${f3(real.meanProbability[l])} |`);
  } else {
    say("", `Real films: skipped — ${realRoot} not found.`);
  }

  await judges.dispose();
  await rewards.dispose();
  if (values.out) writeFileSync(values.out, out.join("\n") + "\n");
  console.log(JSON.stringify({
    eval: "judges",
    films: n,
    minutes: Math.round((Date.now() - started) / 600) / 100,
    judgePostureMae: Object.fromEntries(POSTURE_KEYS.map((k) => [k, figures["judge-posture"]![`mae_${k}`]])),
    rewardPostureMae: Object.fromEntries(POSTURE_KEYS.map((k) => [k, figures["reward-posture"]![`mae_${k}`]])),
    judgeMeanAuroc: figures["judge-classifier"]!["mean_auroc"],
    rewardMeanAuroc: figures["reward-classifier"]!["mean_auroc"],
    judgeClipR1: figures["judge-clip"]!["retrieval_r1"],
    judgeClipR5: figures["judge-clip"]!["retrieval_r5"],
    rewardClipR1: figures["reward-clip"]!["retrieval_r1"],
    rewardClipR5: figures["reward-clip"]!["retrieval_r5"],
    ceiling: { postureError: ceiling.postureError.estimate, meanAuroc: ceiling.meanAuroc.estimate, clipScore: ceiling.clipScore?.estimate ?? null, fidFloor: ceiling.fid?.estimate ?? null, msSsimFloor: floor.msSsimDiversity?.estimate ?? null },
    iu: iu ? { meanAuroc: iu.summary.meanAuroc.estimate, clipScore: iu.summary.clipScore?.estimate ?? null, judgeClipR1: iu.clip["judge-clip"]?.["retrieval_r1"] ?? null, rewardClipR1: iu.clip["reward-clip"]!["retrieval_r1"], fid: iu.summary.fid?.estimate ?? null } : { skipped: true },
    realFilms: real ? { films: real.films, viewAgreement: real.viewAgreement, thetaMean: real.psi["theta"]!.mean } : { skipped: true },
  }));
}

/** `perReport` simulator films drawn from each report's parsed condition (for the MS-SSIM floor). */
function conditionBank(reports: string[], perReport: number, size: number, firstSeed: number): FilmBank {
  const texts = reports.flatMap((r) => Array.from({ length: perReport }, () => r));
  const pixels = new Float32Array(texts.length * size * size);
  const truths = texts.map((text, i) => {
    const sample = simulate(phantomConfig({ ...simulatorConfigFor(parseReport(text).canonical.condition), size }), firstSeed + i);
    filmToTensor(sample.pixels, pixels, i * size * size);
    return truthOf(sample);
  });
  return { count: texts.length, size, pixels, truths, reports: texts, seeds: texts.map((_, i) => firstSeed + i) };
}

await runScript("npm run eval:judges -- [--films 1000 --data DIR --registry URI --out F]", main);
