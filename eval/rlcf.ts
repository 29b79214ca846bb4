/**
 * CXRL's evidence (issue 12), the paper's table on our benchmark: the anchor (the production base of
 * the fine-tune), each fine-tune experiment (its newest checkpoint, eval/rlcf/experiments.ts) and
 * the simulator ceiling, on held-out simulator reports and seeds, measured by the judges only (the
 * reward models the fine-tune optimised are listed separately, labelled). Changes against the
 * anchor come with paired bootstrap 95 % CIs (eval/rlcf/paired.ts). Also: the reward curves of the
 * training runs at equal epochs, IU reports in real radiologists' phrasing (skipped without them),
 * and two figures. Prints markdown, then one JSON line.
 *
 *   npm run eval:rlcf [-- --reports 100 --samples 2 --steps 50 --guidance 4 --iu 100 --out docs/rlcf.md]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { runScript } from "../batch-jobs/cli/options.js";
import { HELD_OUT_SEED_BASE, loadGenerator, PREVIEW_REPORTS, PREVIEW_SEEDS, type GeneratorModel } from "../batch-jobs/generator/index.js";
import { evaluateFilms, referenceGaussian, type EvaluationSummary, type FilmSet, type PerImageScore } from "../batch-jobs/rewards/evaluate-films.js";
import { interval } from "../batch-jobs/rewards/evaluation-table.js";
import { renderFilmBank, type FilmBank } from "../batch-jobs/rewards/film-bank.js";
import { JudgeModels, RewardModels } from "../batch-jobs/rewards/index.js";
import { machineDescription } from "../batch-jobs/rewards/train-reward-model.js";
import { ModelRegistry } from "../batch-jobs/registry/model-registry.js";
import { rewardCurvesPng, sideBySidePng } from "../batch-jobs/rlcf/figures.js";
import { openObjectStore } from "../batch-jobs/storage/open-object-store.js";
import { SERVING_MODEL } from "../shared/model/serving-model.js";
import type { Interval } from "../shared/metrics/bootstrap.js";
import { comparisonTable } from "./generator/comparison.js";
import { generateSet } from "./generator/generate-set.js";
import { iuFilmBank, iuSplitRows } from "./judges/iu-films.js";
import { checkpointDir, EXPERIMENTS, loadExperiment, type Experiment } from "./rlcf/experiments.js";
import { clipScore, combinedReward, labelTargets, meanAuroc, pairedDifference, postureError } from "./rlcf/paired.js";
import { equalEpochTable, rewardAtEpochs } from "./rlcf/training-rewards.js";
import { samplingOptions } from "./sampling-options.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const lines: string[] = [];
const say = (...ls: string[]) => ls.forEach((l) => (lines.push(l), console.log(l)));
const bankSet = (b: FilmBank): FilmSet => ({ films: b.pixels, count: b.count, size: b.size, ids: b.seeds.map(String), reports: b.reports, truePosture: b.truths.map((t) => t.posture) });
const PAIRED = { resamples: 500, seed: 7 };

/** The anchor of the served model: its parent when it is itself a fine-tune, else itself. */
function anchorVersion(): string {
  const manifest = path.join(REPO, "models", SERVING_MODEL.name, SERVING_MODEL.version, "manifest.json");
  if (!existsSync(manifest)) return SERVING_MODEL.version;
  // A base model may have a parent too (cxr64-v2 continued cxr64-v1's training): only a fine-tune's
  // config names the finetune experiment it came from.
  const { parent, config } = JSON.parse(readFileSync(manifest, "utf8")) as { parent: string | null; config: { finetune?: string } };
  return config.finetune !== undefined && parent ? parent : SERVING_MODEL.version;
}

interface Judged {
  name: string;
  perImage: PerImageScore[];
  summary: EvaluationSummary;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    reports: { type: "string" }, samples: { type: "string" }, steps: { type: "string" },
    guidance: { type: "string" }, iu: { type: "string" }, data: { type: "string", default: path.join(REPO, "..", "shared", "data") },
    out: { type: "string" }, anchor: { type: "string", default: anchorVersion() }, figures: { type: "string", default: path.join(REPO, "docs") },
  } });
  const { reports: n, samples, iuLimit, settings } = samplingOptions(values, { reports: 100, iu: 100 });
  const started = Date.now();
  const registry = new ModelRegistry(openObjectStore(pathToFileURL(REPO + "/").href));
  const anchor = await loadGenerator(registry, { name: SERVING_MODEL.name, version: values.anchor }, { intraOpThreads: 2 });
  const judges = await JudgeModels.load(registry, { intraOpThreads: 2 });
  const rewards = await RewardModels.load(registry, { intraOpThreads: 2 });
  const experiments: Experiment[] = [];
  for (const name of EXPERIMENTS) {
    const e = await loadExperiment(anchor, name, checkpointDir(REPO, name));
    if (e) experiments.push(e);
    else console.error(`${name}: no checkpoint in ${checkpointDir(REPO, name)} (run npm run finetune -- --config ${name}); row left out`);
  }
  const size = anchor.model.architecture.size;
  say(`# CXRL fine-tune — measured ${new Date().toISOString().slice(0, 10)} on ${machineDescription(2)}`, "");
  say(`Anchor ${SERVING_MODEL.name}/${values.anchor}. Held-out simulator reports and seeds; DDIM ${settings.steps} steps, guidance ${settings.guidance}, η 0 (as served); ${samples} films per report, the same seeds for every row. Judges only; 95 % bootstrap CIs over reports.`);

  const heldOut = renderFilmBank({ count: n, size, firstSeed: HELD_OUT_SEED_BASE });
  const refBank = renderFilmBank({ count: Math.max(n * samples, 400), size, firstSeed: HELD_OUT_SEED_BASE + 1_000_000 });
  const reference = await referenceGaussian(judges, refBank.pixels, refBank.count, size);
  const judge = async (name: string, set: FilmSet, seed: number): Promise<Judged> => ({ name, ...(await evaluateFilms(set, { judges, rewards }, { reference, resamples: 500, fidResamples: 30, seed, maxPairsPerReport: 6 })) });
  const generated = (model: GeneratorModel, reports: string[], firstSeed: number, label: string) => generateSet(model, reports, { samples, firstSeed, settings, label });
  const budget = (e: Experiment) => `${e.name} (${e.epochs} epochs, ${e.minutes.toFixed(0)} min)`;

  const anchorRow = await judge("anchor", await generated(anchor.model, heldOut.reports, 1, "anchor"), 1);
  const rows: Judged[] = [anchorRow];
  for (const e of experiments) rows.push(await judge(budget(e), await generated(e.model, heldOut.reports, 1, e.name), 1));
  const ceiling = await judge("ceiling (simulator films)", bankSet(heldOut), 2);
  say("", `## ${n} held-out simulator reports`, "", comparisonTable([...rows, ceiling].map((r) => [r.name, r.summary])), "");

  const targets = labelTargets(anchorRow.perImage);
  const change = (r: Judged) => ({
    postureError: pairedDifference(anchorRow.perImage, r.perImage, postureError, PAIRED),
    meanAuroc: pairedDifference(anchorRow.perImage, r.perImage, meanAuroc(targets), PAIRED),
    clipScore: pairedDifference(anchorRow.perImage, r.perImage, clipScore, PAIRED),
    combinedReward: pairedDifference(anchorRow.perImage, r.perImage, combinedReward, PAIRED),
  });
  const changes = rows.slice(1).map((r) => ({ name: r.name, ...change(r) }));
  say("### Change against the anchor (same reports and seeds; paired 95 % CI)", "",
    "| row | posture error ↓ | mean AUROC ↑ | CLIP score ↑ | combined reward ↑ (reward models, optimised) |", "|---|---|---|---|---|",
    ...changes.map((c) => `| ${c.name} | ${interval(c.postureError)} | ${interval(c.meanAuroc)} | ${interval(c.clipScore)} | ${interval(c.combinedReward)} |`), "");

  say("### Training: Σ_k (r_k(x) − r_k(x̂)) against the anchor on the training reports, at equal epochs", "", equalEpochTable(experiments), "");

  const cxrl = experiments.find((e) => e.name === "cxrl");
  const cxrlRow = cxrl ? rows[experiments.indexOf(cxrl) + 1]! : null;
  let iu: { improvement: ReturnType<typeof improvement> } | { skipped: string } = { skipped: "no cxrl checkpoint" };
  const csv = path.join(values.data, "iu-reports", "dev.csv");
  if (cxrl && existsSync(csv)) {
    const bank = iuFilmBank(csv, size, HELD_OUT_SEED_BASE + 2_000_000, iuSplitRows("held-out", iuLimit));
    const a = await judge("anchor", await generated(anchor.model, bank.reports, 100_000, "anchor, IU"), 3);
    const c = await judge(budget(cxrl), await generated(cxrl.model, bank.reports, 100_000, "cxrl, IU"), 3);
    const ceil = await judge("ceiling (simulator from parsed condition)", bankSet(bank), 4);
    say(`## ${bank.count} IU reports (real radiologists' phrasing)`, "", comparisonTable([a, c, ceil].map((r) => [r.name, r.summary])), "");
    const ch = { postureError: pairedDifference(a.perImage, c.perImage, postureError, PAIRED), meanAuroc: pairedDifference(a.perImage, c.perImage, meanAuroc(labelTargets(a.perImage)), PAIRED), clipScore: pairedDifference(a.perImage, c.perImage, clipScore, PAIRED) };
    say(`Change of cxrl against the anchor on IU reports: posture error ${interval(ch.postureError)}, mean AUROC ${interval(ch.meanAuroc)}, CLIP score ${interval(ch.clipScore)}.`, "");
    iu = { improvement: improvement(a.summary, c.summary, ceil.summary, ch) };
  } else if (cxrl) {
    iu = { skipped: `${csv} not found` };
    say(`IU reports: skipped — ${csv} not found.`, "");
  }

  if (cxrl) {
    writeFileSync(path.join(values.figures, "rlcf-rewards.png"), await rewardCurvesPng(cxrl.history, `cxrl: rewards per epoch on training reports (fine-tuned vs anchor ${values.anchor})`));
    const a = await anchor.model.sample(PREVIEW_REPORTS, PREVIEW_SEEDS, settings);
    const c = await cxrl.model.sample(PREVIEW_REPORTS, PREVIEW_SEEDS, settings);
    writeFileSync(path.join(values.figures, "rlcf-side-by-side.png"), await sideBySidePng(a.films, c.films, PREVIEW_REPORTS.length, size));
    say("Figures: docs/rlcf-rewards.png (reward curves), docs/rlcf-side-by-side.png (per row one report: anchor left, cxrl right, same initial noise).", "");
  }
  // Probes are variants of the method (cxrl-kl): judged like cxrl, kept apart from its headline.
  const probes = Object.fromEntries(experiments.flatMap((e, i) => (e.name.startsWith("cxrl-") ? [[e.name, improvement(anchorRow.summary, rows[i + 1]!.summary, ceiling.summary, change(rows[i + 1]!))]] : [])));
  const result = cxrl && cxrlRow ? {
    improvement: improvement(anchorRow.summary, cxrlRow.summary, ceiling.summary, change(cxrlRow)),
    beatsAblationsOnCombinedReward: Object.fromEntries(changes.filter((c) => !c.name.startsWith("cxrl")).map((c) => [c.name.split(" ")[0], change(cxrlRow).combinedReward.estimate > c.combinedReward.estimate])),
    trainingRewardAtEqualEpochs: rewardAtEpochs(experiments),
  } : { skipped: "no cxrl checkpoint" };
  await Promise.all([anchor.model.dispose(), judges.dispose(), rewards.dispose(), ...experiments.map((e) => e.model.dispose())]);
  if (values.out) writeFileSync(values.out, lines.join("\n") + "\n");
  console.log(JSON.stringify({ eval: "rlcf", anchor: values.anchor, reports: n, samples, steps: settings.steps, guidance: settings.guidance, experiments: experiments.map((e) => ({ name: e.name, epochs: e.epochs, minutes: Number(e.minutes.toFixed(1)) })), minutes: Math.round((Date.now() - started) / 600) / 100, cxrl: result, probes, iu }));
}

/** Per metric, the cxrl improvement over the anchor (positive = better), the share of the gap to the ceiling it closes, and the paired CI. */
function improvement(a: EvaluationSummary, c: EvaluationSummary, ceil: EvaluationSummary, ch: { postureError: Interval; meanAuroc: Interval; clipScore: Interval }) {
  const excludesZero = (i: Interval) => i.lo > 0 || i.hi < 0;
  const gapClosed = (av: number | undefined, cv: number | undefined, top: number | undefined) => (av === undefined || cv === undefined || top === undefined || top === av ? null : (cv - av) / (top - av));
  const postureReduction = (a.postureError.estimate - c.postureError.estimate) / a.postureError.estimate;
  const aurocGap = gapClosed(a.meanAuroc.estimate, c.meanAuroc.estimate, ceil.meanAuroc.estimate);
  const clipGap = gapClosed(a.clipScore?.estimate, c.clipScore?.estimate, ceil.clipScore?.estimate);
  const fidRatio = a.fid && c.fid ? c.fid.estimate / a.fid.estimate : null;
  return {
    postureError: a.postureError.estimate - c.postureError.estimate,
    meanAuroc: c.meanAuroc.estimate - a.meanAuroc.estimate,
    clipScore: (c.clipScore?.estimate ?? NaN) - (a.clipScore?.estimate ?? NaN),
    fid: a.fid && c.fid ? a.fid.estimate - c.fid.estimate : null,
    msSsim: a.msSsimDiversity && c.msSsimDiversity ? a.msSsimDiversity.estimate - c.msSsimDiversity.estimate : null,
    pairedCi: { postureError: [-ch.postureError.hi, -ch.postureError.lo], meanAuroc: [ch.meanAuroc.lo, ch.meanAuroc.hi], clipScore: [ch.clipScore.lo, ch.clipScore.hi] },
    shares: { postureErrorReduction: postureReduction, aurocGapClosed: aurocGap, clipGapClosed: clipGap, fidRatio },
    targets: {
      postureErrorDown30: postureReduction >= 0.3 && excludesZero(ch.postureError),
      aurocGapDown30: aurocGap !== null && aurocGap >= 0.3 && excludesZero(ch.meanAuroc),
      clipGapDown30: clipGap !== null && clipGap >= 0.3 && excludesZero(ch.clipScore),
      fidWithin5pct: fidRatio === null ? null : fidRatio <= 1.05,
      msSsimNotHigher: a.msSsimDiversity && c.msSsimDiversity ? c.msSsimDiversity.estimate <= a.msSsimDiversity.estimate : null,
    },
  };
}

await runScript("npm run eval:rlcf -- [--reports 100 --samples 2 --steps 50 --guidance 4 --iu 100 --anchor V --figures DIR --out F]", main);
