/**
 * `datasets download <id> --out <dir>`: every finished file through its signed URL, each checked
 * against the manifest's sha256, a few at a time. Re-running resumes: verified files are kept,
 * `.part` files continue with a Range request. `--verify-only` checks the folder and downloads
 * nothing. The manifest is saved as manifest.jsonl once every file is in.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { FILE_EXTENSION, type DatasetManifestLine, type FileFormat } from "../../shared/api/index.js";
import { errorFromResponse, type ApiClient } from "../api-client.js";
import { downloadFile, type DownloadOutcome } from "../download/download-file.js";
import { sha256File } from "../download/sha256-file.js";
import { CliError } from "../errors.js";
import { integerFlag, onePositional, parse, requireFlag } from "../options.js";
import { clientFor, CONNECTION_HELP, type Command } from "./command.js";

const HELP = `Download a dataset's files and verify each one's sha256.

Usage: cxr-synth datasets download <dataset id> --out <dir> [--parallel <n>] [--verify-only]

  --out <dir>        folder for <index>.png / <index>.dcm and manifest.jsonl (created)
  --parallel <n>     files fetched at once (default 4)
  --verify-only      check the files already in --out against the manifest; download nothing

Interrupted? Run the same command again: finished files are kept, partial ones resume.

${CONNECTION_HELP}`;

interface FileJob {
  url: string;
  final: string;
  sha256: string;
  label: string;
}

async function fetchManifest(client: ApiClient, id: string): Promise<{ text: string; lines: DatasetManifestLine[] }> {
  const res = await client.send(`/v1/datasets/${encodeURIComponent(id)}/manifest`);
  if (!res.ok) throw await errorFromResponse(res);
  const text = await res.text();
  const lines = text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as DatasetManifestLine);
  return { text, lines };
}

function fileJobs(lines: DatasetManifestLine[], out: string): FileJob[] {
  return lines.flatMap((line) =>
    (Object.entries(line.files) as Array<[FileFormat, string]>).map(([format, url]) => {
      const sha256 = line.sha256?.[format];
      if (!sha256) throw new CliError("verificationFailed", `item ${line.index} (${format}) has no sha256 in the manifest, so it cannot be verified; is the service up to date?`);
      return { url, sha256, final: path.join(out, `${line.index}.${FILE_EXTENSION[format]}`), label: `item ${line.index} (${format})` };
    }),
  );
}

async function inParallel<T>(items: T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export const datasetsDownload: Command = {
  name: "datasets download",
  summary: "download every file of a dataset, verify sha256s, resume after an interruption",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parse(args, { out: { type: "string" }, parallel: { type: "string" }, "verify-only": { type: "boolean" } });
    const id = onePositional(positionals, "dataset id");
    const out = requireFlag("out", values.out);
    const parallel = integerFlag("parallel", values.parallel, { min: 1, max: 32 }) ?? 4;
    const client = clientFor(values, io);
    client.requireKey();
    const manifest = await fetchManifest(client, id);
    const jobs = fileJobs(manifest.lines, out);
    const pending = manifest.lines.filter((l) => l.status === "pending").length;

    if (values["verify-only"]) {
      const bad: string[] = [];
      for (const job of jobs) if ((await sha256File(job.final)) !== job.sha256) bad.push(path.basename(job.final));
      if (bad.length > 0) throw new CliError("verificationFailed", `${bad.length} of ${jobs.length} files do not match the manifest's sha256 (${bad.slice(0, 5).join(", ")}${bad.length > 5 ? ", …" : ""}); run the download without --verify-only to fetch them again`);
      io.stderr.write(`all ${jobs.length} files match the manifest\n`);
      return 0;
    }

    await mkdir(out, { recursive: true });
    const counts: Record<DownloadOutcome, number> = { kept: 0, downloaded: 0, resumed: 0 };
    let finished = 0;
    await inParallel(jobs, parallel, async (job) => {
      counts[await downloadFile(client, job)]++;
      finished++;
      if (io.stderr.isTTY) io.stderr.write(`\r${finished}/${jobs.length} files`);
    });
    if (io.stderr.isTTY && jobs.length > 0) io.stderr.write("\n");
    const manifestFile = path.join(out, "manifest.jsonl");
    await writeFile(`${manifestFile}.part`, manifest.text);
    await rename(`${manifestFile}.part`, manifestFile);
    io.stderr.write(`${jobs.length} files verified in ${out} (${counts.downloaded} downloaded, ${counts.resumed} resumed, ${counts.kept} already there)${pending ? `; ${pending} items not finished yet, run again later` : ""}\n`);
    return 0;
  },
};
