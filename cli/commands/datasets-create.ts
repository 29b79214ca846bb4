/**
 * `datasets create`: orders a dataset from a JSONL/CSV file of reports, a label-distribution
 * spec (JSON file) or simulated films (--phantom N). Every report is validated locally first;
 * any bad line is listed (file:line: code: message) and nothing is sent. The order carries an
 * Idempotency-Key derived from its body, so re-running the same command never orders twice.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { MAX_SAMPLES_PER_REPORT, type DatasetView } from "../../shared/api/index.js";
import { CliError, usageError } from "../errors.js";
import { integerFlag, parse } from "../options.js";
import { readReportsFile } from "../reports-file.js";
import { SAMPLER_FLAGS, SAMPLER_HELP, samplerSettings } from "../sampler-flags.js";
import { clientFor, CONNECTION_HELP, type CliIo, type Command } from "./command.js";
import { waitForDataset } from "./dataset-wait.js";

const HELP = `Order a dataset.

Usage: cxr-synth datasets create (--file <reports.jsonl|.csv> | --spec <spec.json> | --phantom <count>) [options]

  --file <path>              reports, one per JSONL line (string or {"report": …}) or CSV row ("report" column)
  --spec <path>              label distribution: {"count": n, "labels": {"Pleural Effusion": 0.3, …}, "views"?: {…}}
  --phantom <count>          simulated films from the phantom simulator (no generator needed)
  --samples-per-report <n>   images per report (default 1)
${SAMPLER_HELP}
  --format <f>               png | dicom | both (default png)
  --webhook-url <https url>  receives the signed dataset.completed event
  --wait                     follow progress until the dataset finishes (bar with done/total, failures, ETA)

Prints the dataset id on stdout.

${CONNECTION_HELP}`;

const OPTIONS = {
  file: { type: "string" },
  spec: { type: "string" },
  phantom: { type: "string" },
  "samples-per-report": { type: "string" },
  ...SAMPLER_FLAGS,
  "webhook-url": { type: "string" },
  wait: { type: "boolean" },
} as const;

async function readSpec(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as unknown;
  } catch (err) {
    throw new CliError("invalidInput", `cannot read the spec ${file}: ${(err as Error).message.split("\n")[0]}`);
  }
}

async function source(values: Record<string, string | boolean | undefined>, file: string | undefined, io: CliIo): Promise<Record<string, unknown>> {
  const given = [values.file, values.spec, values.phantom].filter((v) => v !== undefined).length;
  if (given !== 1) throw usageError("give exactly one of --file, --spec or --phantom");
  if (file) {
    const { reports, problems } = await readReportsFile(file);
    if (problems.length > 0) {
      for (const p of problems) io.stderr.write(`${file}:${p.line}: ${p.code}: ${p.message}\n`);
      throw new CliError("invalidInput", `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${file}; nothing was sent. Fix the lines above and run again`);
    }
    return { reports };
  }
  if (values.spec !== undefined) return { spec: await readSpec(values.spec as string) };
  return { phantom: { count: integerFlag("phantom", values.phantom as string, { min: 1, max: 10_000 }) } };
}

export const datasetsCreate: Command = {
  name: "datasets create",
  summary: "order a dataset from a reports file, a label spec or simulated films; --wait follows it",
  help: HELP,
  async run(args, io) {
    const { values } = parse(args, OPTIONS);
    const client = clientFor(values, io);
    client.requireKey();
    const body: Record<string, unknown> = {
      ...(await source(values, values.file, io)),
      samplesPerReport: integerFlag("samples-per-report", values["samples-per-report"], { min: 1, max: MAX_SAMPLES_PER_REPORT }),
      ...samplerSettings(values),
      webhookUrl: values["webhook-url"],
    };
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    const idempotencyKey = `cli-${createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 40)}`;
    const dataset = await client.json<DatasetView>("POST", "/v1/datasets", body, { "idempotency-key": idempotencyKey });
    io.stderr.write(`dataset ${dataset.id}: ${dataset.progress.total} images, ${dataset.cost.credits} credits reserved\n`);
    io.stdout.write(`${dataset.id}\n`);
    return values.wait ? waitForDataset(client, dataset.id, io) : 0;
  },
};
