/**
 * `npm run phantom -- --count 1000 --size 128 --out <dir>`: a phantom dataset in the partner
 * format (docs/datasets.md). Rerunning the same command resumes; user mistakes print one line
 * and exit 2, never a stack trace.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { isDatasetError } from "../../../shared/dataset/errors.js";
import { generatePhantomDataset } from "../dataset/generate-phantom-dataset.js";
import { LocalFolderSink } from "../dataset/local-folder-sink.js";
import { jsonProgress, ttyProgress } from "../dataset/progress.js";
import { PHANTOM_SIMULATOR_VERSION } from "../../../shared/model/phantom-simulator.js";
import { formatsOf, OUTPUT_FORMATS, type OutputFormat } from "../../../shared/sampler/formats.js";
import { SEED_RANGE } from "../../../shared/sampler/seed.js";
import { SAMPLER_DEFAULTS } from "../../../shared/sampler/settings.js";
import { PHANTOM_SIZE_RANGE } from "../../../shared/sampler/sizes.js";
import { PhantomConfigError, phantomConfig, type PhantomConfig } from "./index.js";
import { choiceOption, integerOption, UsageError } from "../../cli/options.js";

const HELP = `Generate a synthetic (phantom) chest X-ray dataset.

Usage: npm run phantom -- --count <n> --out <dir> [options]

  --count <n>          number of images (1..10000000), required
  --out <dir>          output folder (created; rerun the same command to resume), required
  --size <px>          width = height in pixels, ${PHANTOM_SIZE_RANGE.min}..${PHANTOM_SIZE_RANGE.max} (default ${PHANTOM_SIZE_RANGE.default})
  --seed <n>           base seed, ${SEED_RANGE.min}..${SEED_RANGE.max} (default ${SAMPLER_DEFAULTS.seed}); image i uses seed + i
  --format <f>         ${OUTPUT_FORMATS.join(" | ")} (default ${SAMPLER_DEFAULTS.format}; both = PNG primary + DICOM)
  --bit-depth <b>      8 | 16 (default 16)
  --views <list>       projections and weights, e.g. "PA,AP" or "PA=3,AP=1" (default PA=0.6,AP=0.4)
  --progress <mode>    auto | bar | json (default auto: bar on a terminal, JSON lines otherwise)
  --help               this text

Output: images/ (PNG), dicom/ (DICOM), manifest.jsonl, labels.csv, dataset_card.md.
The last line on stdout is a JSON summary.`;

function parseViews(text: string | undefined): Record<"PA" | "AP" | "lateral", number> | undefined {
  if (text === undefined) return undefined;
  const views = { PA: 0, AP: 0, lateral: 0 };
  for (const part of text.split(",").map((p) => p.trim()).filter((p) => p !== "")) {
    const [rawName, rawWeight] = part.split("=");
    const upper = rawName!.trim().toUpperCase();
    const name = upper === "LATERAL" || upper === "LL" ? "lateral" : upper;
    if (name !== "PA" && name !== "AP" && name !== "lateral") throw new UsageError(`--views: unknown view "${rawName}" (use PA, AP, lateral)`);
    const weight = rawWeight === undefined ? 1 : rawWeight.trim() === "" ? NaN : Number(rawWeight);
    if (!Number.isFinite(weight) || weight < 0) throw new UsageError(`--views: weight of ${name} must be a number >= 0, got "${rawWeight}"`);
    views[name] = weight;
  }
  return views;
}

export interface PhantomCliOptions {
  count: number;
  out: string;
  size: number;
  baseSeed: number;
  format: OutputFormat;
  bitDepth: 8 | 16;
  progress: "auto" | "bar" | "json";
  /** As typed, for the card's provenance line. */
  viewsText: string | undefined;
  config: PhantomConfig;
}

/** Flags → options, or "help"; throws UsageError / PhantomConfigError for a user's mistake. */
export function parsePhantomCliArgs(argv: string[]): PhantomCliOptions | "help" {
  let args;
  try {
    args = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        count: { type: "string" }, out: { type: "string" }, size: { type: "string" }, seed: { type: "string" },
        format: { type: "string" }, "bit-depth": { type: "string" }, views: { type: "string" },
        progress: { type: "string" }, help: { type: "boolean" },
      },
    }).values;
  } catch (e) {
    const message = (e as Error).message.split("\n")[0]!.replace(/^TypeError \[[A-Z_]+\]: /, "");
    // parseArgs reads "--count -3" as a flag followed by another flag; say what is really wrong.
    const flag = /^Option '(--[a-z-]+)[^']*' argument is ambiguous/.exec(message)?.[1];
    throw new UsageError(flag ? `${flag} needs a value, and a value cannot start with "-"` : message);
  }
  if (args.help) return "help";
  const count = integerOption("count", args.count, null, { min: 1, max: 10_000_000 });
  if (args.out === undefined || args.out.trim() === "") throw new UsageError("--out is required");
  const size = integerOption("size", args.size, PHANTOM_SIZE_RANGE.default, PHANTOM_SIZE_RANGE);
  const baseSeed = integerOption("seed", args.seed, SAMPLER_DEFAULTS.seed, SEED_RANGE);
  const format = choiceOption<OutputFormat>("format", args.format, SAMPLER_DEFAULTS.format, OUTPUT_FORMATS);
  const bitDepth = Number(choiceOption("bit-depth", args["bit-depth"], "16", ["8", "16"] as const)) as 8 | 16;
  const progressMode = choiceOption("progress", args.progress, "auto", ["auto", "bar", "json"] as const);
  const views = parseViews(args.views);
  const config = phantomConfig({ size, ...(views === undefined ? {} : { views }) });
  // `npm run` changes into the package root; resolve --out against where the user typed the command.
  const out = path.resolve(process.env.INIT_CWD ?? process.cwd(), args.out);
  return { count, out, size, baseSeed, format, bitDepth, progress: progressMode, viewsText: args.views, config };
}

async function main(argv: string[]): Promise<number> {
  const options = parsePhantomCliArgs(argv);
  if (options === "help") {
    process.stdout.write(HELP + "\n");
    return 0;
  }
  const { count, out, size, baseSeed, format, bitDepth, config } = options;
  const formats = formatsOf(format);

  const write = (t: string) => process.stderr.write(t);
  const bar = options.progress === "bar" || (options.progress === "auto" && process.stderr.isTTY === true);
  const progress = bar ? ttyProgress(write, "phantom") : jsonProgress(write, "phantom");
  const command = `npm run phantom -- --count ${count} --size ${size} --seed ${baseSeed} --format ${format} --bit-depth ${bitDepth}` + (options.viewsText === undefined ? "" : ` --views "${options.viewsText}"`);
  const started = performance.now();
  const result = await generatePhantomDataset(new LocalFolderSink(out), {
    config,
    count,
    baseSeed,
    formats,
    bitDepth,
    card: {
      title: `Phantom chest X-rays (${count} images, ${size}x${size})`,
      provenance: `Procedural phantom simulator ${PHANTOM_SIMULATOR_VERSION}: geometric thorax, findings and devices drawn from seeded random draws, ` +
        `with a report written from the exact ground truth. Seeds ${baseSeed}..${(baseSeed + count - 1) >>> 0}. Command: \`${command}\`.`,
    },
  }, progress);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({
    out, images: result.summary.images, written: result.written, skipped: result.skipped, orphansRemoved: result.orphansRemoved,
    seconds: Number(seconds.toFixed(2)), imagesPerSecond: Number((result.written / seconds).toFixed(2)),
  }) + "\n");
  return 0;
}

async function runAsCli(): Promise<void> {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`phantom: ${e.message}\nRun with --help for usage.\n`);
      process.exitCode = 2;
    } else if (e instanceof PhantomConfigError) {
      process.stderr.write(`phantom: invalid simulator settings:\n${e.issues.map((i) => `  ${i}`).join("\n")}\n`);
      process.exitCode = 2;
    } else if (isDatasetError(e)) {
      process.stderr.write(`phantom: ${e.message} [${e.code}]\n`);
      process.exitCode = 1;
    } else throw e;
  }
}

// Run only when executed (tests import parsePhantomCliArgs).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runAsCli();
