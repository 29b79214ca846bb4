/**
 * The generator's evidence (issue 11), measured by the judges only (never the reward models the
 * fine-tune optimises; reward values are listed alongside, labelled):
 *  1. held-out simulator reports (simulator seeds ≥ HELD_OUT_SEED_BASE, never trained on by any
 *     model): the generated films vs the requested labels / posture, CLIP score, FID to other
 *     held-out simulator films, MS-SSIM diversity among a report's samples — next to the ceiling
 *     (the simulator's own films for the same reports, judged the same way);
 *  2. the same from real radiologists' reports (IU dev.csv; skipped cleanly without it), with the
 *     simulator drawing the ceiling from each report's parsed condition;
 *  3. docs/samples.png: per row, the simulator's film then generated films for one report.
 * `--split validation` scores films from VALIDATION_SEED_BASE instead (for choosing sampler
 * settings), takes its IU reports from row IU_VALIDATION_ROW of dev.csv on (judges/iu-films.ts) (the held-out split
 * uses the rows before it) and skips the figure. `--text condition` hides the report text from the
 * generator (condition tokens only), a probe of robustness to phrasing. `--iu-view pa` reads an IU
 * report that states no projection as PA in its condition tokens, a probe of the unstated view
 * token (docs/generator.md, cxr64-v4). `--rescale φ` rescales the guided prediction toward the
 * conditional one's spread (sampler.ts), a probe of high guidance's over-exposure; `--interval a,b`
 * guides only the steps with a ≤ t/T ≤ b (sampler.ts). Prints markdown, then one JSON line.
 *
 *   npm run eval:generator [-- --reports 200 --samples 2 --steps 50 --guidance 4 --iu 300 --split held-out --text report --out docs/generator-eval.md]
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { choiceOption, intervalOption, numberOption, runScript } from "../batch-jobs/cli/options.js";
import { HELD_OUT_SEED_BASE, loadGenerator, VALIDATION_SEED_BASE } from "../batch-jobs/generator/index.js";
import { evaluateFilms, referenceGaussian, type EvaluationSummary, type FilmSet } from "../batch-jobs/rewards/evaluate-films.js";
import { summaryMarkdown } from "../batch-jobs/rewards/evaluation-table.js";
import { renderFilmBank, type FilmBank } from "../batch-jobs/rewards/film-bank.js";
import { JudgeModels, RewardModels } from "../batch-jobs/rewards/index.js";
import { machineDescription } from "../batch-jobs/rewards/train-reward-model.js";
import { ModelRegistry } from "../batch-jobs/registry/model-registry.js";
import { openObjectStore } from "../batch-jobs/storage/open-object-store.js";
import { SERVING_MODEL } from "../shared/model/serving-model.js";
import { iuFilmBank, iuSplitRows } from "./judges/iu-films.js";
import { samplingOptions } from "./sampling-options.js";
import { generateSet } from "./generator/generate-set.js";
import { comparisonTable, headline } from "./generator/comparison.js";
import { samplesFigure } from "./generator/samples-figure.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const lines: string[] = [];
const say = (...ls: string[]) => ls.forEach((l) => (lines.push(l), console.log(l)));
const bankSet = (b: FilmBank): FilmSet => ({ films: b.pixels, count: b.count, size: b.size, ids: b.seeds.map(String), reports: b.reports, truePosture: b.truths.map((t) => t.posture) });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    reports: { type: "string" }, samples: { type: "string" }, steps: { type: "string" },
    guidance: { type: "string" }, iu: { type: "string" }, data: { type: "string", default: path.join(REPO, "..", "shared", "data") },
    out: { type: "string" }, registry: { type: "string", default: pathToFileURL(REPO + "/").href }, figure: { type: "string", default: path.join(REPO, "docs", "samples.png") }, version: { type: "string", default: SERVING_MODEL.version },
    split: { type: "string" }, text: { type: "string" }, "iu-view": { type: "string" }, rescale: { type: "string" }, interval: { type: "string" },
  } });
  const split = choiceOption("split", values.split, "held-out", ["held-out", "validation"] as const);
  const validation = split === "validation";
  const conditionOnly = choiceOption("text", values.text, "report", ["report", "condition"] as const) === "condition";
  const iuView = choiceOption("iu-view", values["iu-view"], "report", ["report", "pa"] as const);
  const seedBase = validation ? VALIDATION_SEED_BASE : HELD_OUT_SEED_BASE;
  const { reports: n, samples, iuLimit, settings: served } = samplingOptions(values, { reports: 200, iu: 300 });
  const rescale = numberOption("rescale", values.rescale, 0, { min: 0, max: 1 });
  const interval = intervalOption("interval", values.interval, { min: 0, max: 1 });
  const settings = { ...served, ...(rescale > 0 && { guidanceRescale: rescale }), ...(interval && { guidanceInterval: interval }) };
  const started = Date.now();
  // The registry root (a store holding models/): the repository's committed bundles by default.
  const registry = new ModelRegistry(openObjectStore(values.registry));
  const { model } = await loadGenerator(registry, { name: SERVING_MODEL.name, version: values.version });
  const judges = await JudgeModels.load(registry);
  const rewards = await RewardModels.load(registry);
  const size = model.architecture.size;
  const opts = (seed: number) => ({ resamples: 500, fidResamples: 30, seed, maxPairsPerReport: 6 });
  say(`# Generator ${SERVING_MODEL.name} ${values.version} — measured ${new Date().toISOString().slice(0, 10)} on ${machineDescription()}`, "");
  say(`DDIM ${settings.steps} steps, guidance ${settings.guidance}${rescale > 0 ? ` rescaled by φ ${rescale}` : ""}${interval ? ` at t/T in [${interval.join(", ")}]` : ""}, η 0; ${samples} samples per report; ${conditionOnly ? "report text hidden (condition tokens only); " : ""}judges only (rewards listed, labelled).`);

  const heldOut = renderFilmBank({ count: n, size, firstSeed: seedBase });
  const refBank = renderFilmBank({ count: Math.max(n * samples, 400), size, firstSeed: seedBase + 1_000_000 });
  const reference = await referenceGaussian(judges, refBank.pixels, refBank.count, size);
  const generated = await generateSet(model, heldOut.reports, { samples, firstSeed: 1, settings, label: "simulator reports", conditionOnly });
  const rows: [string, EvaluationSummary][] = [
    ["generated", (await evaluateFilms(generated, { judges, rewards }, { reference, ...opts(1) })).summary],
    ["ceiling (simulator films)", (await evaluateFilms(bankSet(heldOut), { judges, rewards }, { reference, ...opts(2) })).summary],
  ];
  say("", `## ${n} ${validation ? "validation" : "held-out"} simulator reports`, "", comparisonTable(rows), "");
  for (const [name, s] of rows) say(summaryMarkdown(s, `${name}, per label`), "");

  let iu: [string, EvaluationSummary][] | null = null;
  const csv = path.join(values.data, "iu-reports", "dev.csv");
  if (existsSync(csv)) {
    const iuRows = iuSplitRows(split, iuLimit);
    const bank = iuFilmBank(csv, size, seedBase + 2_000_000, iuRows);
    const gen = await generateSet(model, bank.reports, { samples, firstSeed: 100_000, settings, label: "IU reports", conditionOnly, unstatedViewAsPa: iuView === "pa" });
    iu = [
      ["generated", (await evaluateFilms(gen, { judges, rewards }, { reference, ...opts(3) })).summary],
      ["ceiling (simulator from parsed condition)", (await evaluateFilms(bankSet(bank), { judges, rewards }, { reference, ...opts(4) })).summary],
    ];
    say(`## ${bank.count} IU reports (real radiologists' phrasing; dev.csv rows ${iuRows.from}…${iuRows.from + bank.count - 1}${iuView === "pa" ? "; an unstated projection read as PA" : ""})`, "", comparisonTable(iu), "");
  } else {
    say(`IU robustness: skipped — ${csv} not found.`);
  }

  if (!validation) {
    writeFileSync(values.figure, await samplesFigure(model, settings));
    say("", `Figure: ${path.relative(REPO, values.figure)} (simulator film, then generated films, per report of eval/generator/samples-figure.ts).`);
  }
  await Promise.all([model.dispose(), judges.dispose(), rewards.dispose()]);
  if (values.out) writeFileSync(values.out, lines.join("\n") + "\n");
  console.log(JSON.stringify({ eval: "generator", version: values.version, split, text: conditionOnly ? "condition" : "report", iuView, reports: n, samples, steps: settings.steps, guidance: settings.guidance, rescale, interval: interval ?? null, minutes: Math.round((Date.now() - started) / 600) / 100, simulator: headline(rows), iu: iu ? headline(iu) : { skipped: true } }));
}

await runScript("npm run eval:generator -- [--reports 200 --samples 2 --steps 50 --guidance 4 --iu 300 --split held-out|validation --text report|condition --iu-view report|pa --rescale φ --interval a,b --version V --out F]", main);
