/**
 * `generations create --report "…" --out image.png`: one image. The report is validated locally
 * first (PHI never leaves the machine); the CLI then follows the generation and writes the PNG
 * atomically (no partial file under the final name). A failed job exits 8 with its error code.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import type { GenerationView } from "../../shared/api/index.js";
import { validateReport } from "../../shared/report/index.js";
import { errorFromResponse } from "../api-client.js";
import { CliError, usageError } from "../errors.js";
import { parse, requireFlag } from "../options.js";
import { SAMPLER_FLAGS, SAMPLER_HELP, samplerSettings } from "../sampler-flags.js";
import { clientFor, CONNECTION_HELP, sleep, type Command } from "./command.js";

const HELP = `Generate one image from a report.

Usage: cxr-synth generations create (--report "<text>" | --report-file <path>) --out <image.png> [options]

${SAMPLER_HELP}
  --dicom <path>      also write the DICOM file

Without an API key this uses the public demo allowance. Prints the generation as JSON on stdout.

${CONNECTION_HELP}`;

const POLL_MS = 1000;

async function reportText(values: { report?: string | undefined; "report-file"?: string | undefined }): Promise<string> {
  if ((values.report === undefined) === (values["report-file"] === undefined)) throw usageError("give exactly one of --report or --report-file");
  if (values.report !== undefined) return values.report;
  return readFile(values["report-file"]!, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new CliError("invalidInput", `cannot read ${values["report-file"]} (${err.code ?? err.message})`);
  });
}

export const generationsCreate: Command = {
  name: "generations create",
  summary: "generate one image from a report and save it as PNG (and DICOM)",
  help: HELP,
  async run(args, io) {
    const { values } = parse(args, { report: { type: "string" }, "report-file": { type: "string" }, out: { type: "string" }, dicom: { type: "string" }, ...SAMPLER_FLAGS });
    if (values.format !== undefined) throw usageError("generations create has no --format: it writes the PNG to --out, and the DICOM too with --dicom");
    const report = await reportText(values);
    const out = requireFlag("out", values.out);
    const checked = validateReport(report);
    if (!checked.ok) {
      const first = checked.errors[0]!;
      throw new CliError("invalidInput", `${first.code}: ${first.message}; nothing was sent`);
    }
    const client = clientFor(values, io);
    const body = { report, ...samplerSettings(values), format: values.dicom ? "both" : "png" };
    let generation = await client.json<GenerationView>("POST", "/v1/generations", body);
    const started = Date.now();
    while (generation.status === "queued" || generation.status === "running") {
      if (io.stderr.isTTY) io.stderr.write(`\r${generation.id} ${generation.status} (${Math.round((Date.now() - started) / 1000)} s)`);
      await sleep(POLL_MS);
      generation = await client.json<GenerationView>("GET", `/v1/generations/${generation.id}`);
    }
    if (io.stderr.isTTY) io.stderr.write("\n");
    if (generation.status === "failed") {
      throw new CliError("jobFailed", `generation ${generation.id} failed: ${generation.error?.code ?? "unknown"}: ${generation.error?.message ?? "no reason given"}`);
    }
    const targets: Array<[string | undefined, string | undefined]> = [[generation.images?.png, out], [generation.images?.dicom, values.dicom]];
    for (const [url, file] of targets) {
      if (!url || !file) continue;
      const res = await client.send(url, { auth: false });
      if (!res.ok) throw await errorFromResponse(res);
      await writeFile(`${file}.part`, new Uint8Array(await res.arrayBuffer()));
      await rename(`${file}.part`, file);
    }
    io.stderr.write(`${generation.cached ? "served from cache" : "generated"}: ${out}\n`);
    io.stdout.write(`${JSON.stringify(generation)}\n`);
    return 0;
  },
};
