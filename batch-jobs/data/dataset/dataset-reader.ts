/**
 * Reader and verifier for this platform's dataset format (docs/datasets.md). readDataset yields
 * records after validating each manifest line with the zod schema and, by default, checking the
 * image's sha256; verifyDataset also cross-checks labels.csv and the card's summary.
 */
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import path from "node:path";
import { extractCardSummary, summarize, type DatasetSummary } from "../../../shared/dataset/card.js";
import { DatasetError } from "../../../shared/dataset/errors.js";
import { parseLabelsCsv } from "../../../shared/dataset/labels-csv.js";
import { DATASET_CARD_FILE, LABELS_CSV_FILE, MANIFEST_FILE, PENDING_DIR } from "../../../shared/dataset/layout.js";
import { parseManifestLine, type ManifestLine } from "../../../shared/dataset/manifest.js";
import { CHEXPERT_LABELS } from "../../../shared/report/types.js";
import { readFileOrFail } from "../images/decode-image.js";
import { sha256Hex } from "../../storage/sha256.js";
import type { ImageReportRecord } from "./image-report-record.js";
import { readTextFile } from "./read-text.js";

export interface ReadDatasetOptions {
  /** "sha256" (default) re-hashes every file; "exists" only checks presence; "none" trusts the manifest. */
  verify?: "sha256" | "exists" | "none";
}

export interface DatasetRecord extends ImageReportRecord {
  manifest: ManifestLine;
}

/**
 * Manifest lines one at a time (read as a stream, so a manifest larger than memory is fine),
 * validated, with the sort order and id uniqueness checked.
 */
export async function* manifestLines(root: string): AsyncGenerator<ManifestLine> {
  const file = path.join(root, MANIFEST_FILE);
  await stat(file).catch(() => {
    throw new DatasetError("file_missing", file, "no manifest: not a dataset folder, or the writer never finalised");
  });
  const reader = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let prev: string | null = null;
  let lineNumber = 0;
  for await (const text of reader) {
    lineNumber++;
    if (text.trim() === "") continue;
    const line = parseManifestLine(text, file, lineNumber);
    if (prev !== null && !(prev < line.id)) {
      throw new DatasetError(prev === line.id ? "manifest_duplicate_id" : "manifest_invalid_line", file, `line ${lineNumber}: id ${line.id} ${prev === line.id ? "repeats" : "is out of order"} (lines must be sorted by id, each id once)`);
    }
    prev = line.id;
    yield line;
  }
}

/** All manifest lines (see manifestLines). */
export async function readManifest(root: string): Promise<ManifestLine[]> {
  const lines: ManifestLine[] = [];
  for await (const line of manifestLines(root)) lines.push(line);
  return lines;
}

async function checkFile(root: string, rel: string, sha256: string, bytes: number, verify: "sha256" | "exists"): Promise<string> {
  const abs = path.join(root, ...rel.split("/"));
  if (verify === "exists") {
    const s = await stat(abs).catch(() => null);
    if (s === null || !s.isFile()) throw new DatasetError("file_missing", abs, `listed in ${MANIFEST_FILE} but missing`);
    return abs;
  }
  const content = await readFileOrFail(abs).catch((e: unknown) => {
    if (e instanceof DatasetError && e.code === "file_missing") throw new DatasetError("file_missing", abs, `listed in ${MANIFEST_FILE} but missing`);
    throw e;
  });
  if (content.length !== bytes) throw new DatasetError("sha256_mismatch", abs, `has ${content.length} bytes, the manifest says ${bytes} (truncated or replaced?)`);
  const actual = sha256Hex(content);
  if (actual !== sha256) throw new DatasetError("sha256_mismatch", abs, `sha256 ${actual} differs from the manifest's ${sha256}`);
  return abs;
}

export async function* readDataset(root: string, options: ReadDatasetOptions = {}): AsyncGenerator<DatasetRecord> {
  const verify = options.verify ?? "sha256";
  for await (const line of manifestLines(root)) {
    const imagePath = verify === "none" ? path.join(root, ...line.file.split("/")) : await checkFile(root, line.file, line.sha256, line.bytes, verify);
    if (verify !== "none") for (const alt of line.alternates) await checkFile(root, alt.file, alt.sha256, alt.bytes, verify);
    yield { id: line.id, imagePath, report: line.report, labels: line.labels, view: line.view, manifest: line };
  }
}

/** Full consistency check: files + hashes, labels.csv row by row, card counts; returns the summary. */
export async function verifyDataset(root: string): Promise<DatasetSummary> {
  const lines: ManifestLine[] = [];
  for await (const record of readDataset(root, { verify: "sha256" })) lines.push(record.manifest);
  const labelsFile = path.join(root, LABELS_CSV_FILE);
  const rows = parseLabelsCsv(await readTextFile(labelsFile), labelsFile);
  if (rows.length !== lines.length) {
    throw new DatasetError("dataset_inconsistent", labelsFile, `${rows.length} rows but ${MANIFEST_FILE} has ${lines.length} images`);
  }
  rows.forEach((row, i) => {
    const line = lines[i]!;
    const where = `row ${i + 2} (${line.id})`;
    if (row.path !== line.file) throw new DatasetError("dataset_inconsistent", labelsFile, `${where}: Path ${row.path} but the manifest says ${line.file}`);
    if (row.view !== line.view) throw new DatasetError("dataset_inconsistent", labelsFile, `${where}: view ${row.view} but the manifest says ${line.view}`);
    for (const l of CHEXPERT_LABELS) {
      if (row.labels[l] !== line.labels[l]) throw new DatasetError("dataset_inconsistent", labelsFile, `${where}: ${l} is ${row.labels[l]} but the manifest says ${line.labels[l]}`);
    }
  });
  const cardFile = path.join(root, DATASET_CARD_FILE);
  const card = await readTextFile(cardFile);
  const expected = summarize(lines);
  if (JSON.stringify(extractCardSummary(card, cardFile)) !== JSON.stringify(expected)) {
    throw new DatasetError("dataset_inconsistent", cardFile, "the card's counts differ from the manifest (card not regenerated after an edit?)");
  }
  const pending = await readdir(path.join(root, PENDING_DIR), { recursive: true }).catch(() => []);
  if (pending.length > 0) throw new DatasetError("dataset_inconsistent", path.join(root, PENDING_DIR), "unfinished write: the writer was not finalised (rerun it to resume)");
  return expected;
}
