/**
 * The records already committed in a dataset location — lines of a finished manifest.jsonl and
 * per-image records under .pending/ — keeping only those whose files are present with their
 * recorded sha256 and that were written with the given options. Used to resume a writer and to
 * merge the work of several writers (array-job children) into one dataset.
 */
import { DatasetError } from "../../../shared/dataset/errors.js";
import { MANIFEST_FILE, PENDING_DIR, type ImageFormat } from "../../../shared/dataset/layout.js";
import { parseManifestLine, type ManifestLine } from "../../../shared/dataset/manifest.js";
import { sha256Hex } from "../../storage/sha256.js";
import type { DatasetSink } from "./sink.js";

export interface RecordOptions {
  /** Image formats to write; the first is the primary file (labels.csv Path). */
  formats: readonly ImageFormat[];
  /** Bits per sample in the files: 16 keeps the generator's full range, 8 rounds v/257. */
  bitDepth: 8 | 16;
}

async function candidateLines(sink: DatasetSink): Promise<ManifestLine[]> {
  const lines: ManifestLine[] = [];
  const decoder = new TextDecoder();
  const manifest = await sink.getFile(MANIFEST_FILE);
  if (manifest !== null) {
    decoder.decode(manifest).split("\n").forEach((t, i) => {
      if (t.trim() !== "") lines.push(parseManifestLine(t, `${sink.location}/${MANIFEST_FILE}`, i + 1));
    });
  }
  for (const path of await sink.list(`${PENDING_DIR}/`)) {
    const bytes = await sink.getFile(path);
    if (bytes === null) continue;
    try {
      lines.push(parseManifestLine(decoder.decode(bytes).trim(), `${sink.location}/${path}`, 1));
    } catch (e) {
      // Puts are atomic, so only a foreign or hand-edited file lands here: that id is simply redone.
      if (!(e instanceof DatasetError)) throw e;
    }
  }
  return lines;
}

async function filesMatch(sink: DatasetSink, line: ManifestLine, options: RecordOptions): Promise<boolean> {
  const refs = [{ file: line.file, format: line.format, sha256: line.sha256 }, ...line.alternates];
  if (line.bitDepth !== options.bitDepth) return false;
  if (refs.length !== options.formats.length || refs.some((r, i) => r.format !== options.formats[i])) return false;
  for (const ref of refs) {
    const bytes = await sink.getFile(ref.file);
    if (bytes === null || sha256Hex(bytes) !== ref.sha256) return false;
  }
  return true;
}

/** Verified committed records by id (a .pending/ record wins over an older manifest line). */
export async function loadCommittedRecords(sink: DatasetSink, options: RecordOptions): Promise<Map<string, ManifestLine>> {
  const byId = new Map<string, ManifestLine>();
  for (const line of (await candidateLines(sink)).reverse()) {
    if (byId.has(line.id)) continue;
    if (await filesMatch(sink, line, options)) byId.set(line.id, line);
  }
  return byId;
}
