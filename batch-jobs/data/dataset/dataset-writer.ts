/**
 * Writes a dataset through a DatasetSink, resumably:
 *  1. add(item): encode the image file(s), put each atomically, then put a per-image record
 *     under .pending/ — the record is the commit point, written only after its files.
 *  2. open() on a folder with earlier work loads .pending/ records and any finished manifest,
 *     re-hashes their files, and marks ids whose files match as done; isDone(id) lets the caller
 *     skip generating them. Ids with missing or mismatched files are simply written again.
 *  3. finalize(): sorts this run's records (added or reused) by id into manifest.jsonl, writes labels.csv and the card, then
 *     removes .pending/, temp leftovers and image files no record refers to.
 * A killed and restarted run therefore ends with every image exactly once.
 */
import { formatManifest, sortManifest, parseManifestLine, serializeManifestLine, type ManifestLine } from "../../../shared/dataset/manifest.js";
import { formatLabelsCsv } from "../../../shared/dataset/labels-csv.js";
import { renderDatasetCard, summarize, type CardInfo, type DatasetSummary } from "../../../shared/dataset/card.js";
import { DatasetError } from "../../../shared/dataset/errors.js";
import {
  DATASET_CARD_FILE, FORMAT_LAYOUT, LABELS_CSV_FILE, MANIFEST_FILE, PENDING_DIR, assertValidId, pendingRecordPath, type ImageFormat,
} from "../../../shared/dataset/layout.js";
import { sha256Hex } from "../../storage/sha256.js";
import type { DatasetItem } from "./dataset-item.js";
import { encodeItemFiles } from "./image-files.js";
import type { DatasetSink } from "./sink.js";

export interface DatasetWriterOptions {
  /** Image formats to write; the first is the primary file (labels.csv Path). */
  formats: readonly ImageFormat[];
  /** Bits per sample in the files: 16 keeps the generator's full range, 8 rounds v/257. */
  bitDepth: 8 | 16;
}

export interface FinalizeResult {
  summary: DatasetSummary;
  /** Image files no record referred to (left by an earlier, larger run), deleted. */
  orphansRemoved: number;
}

export class DatasetWriter {
  private readonly done = new Map<string, ManifestLine>();
  /** Ids added or reused by this run: the finished dataset holds exactly these. */
  private readonly inRun = new Set<string>();
  /** Ids loaded from earlier runs whose files were verified. */
  resumed = 0;

  private constructor(private readonly sink: DatasetSink, private readonly options: DatasetWriterOptions) {}

  static async open(sink: DatasetSink, options: DatasetWriterOptions): Promise<DatasetWriter> {
    if (options.formats.length === 0 || new Set(options.formats).size !== options.formats.length) {
      throw new RangeError(`formats must be a non-empty list without repeats, got ${options.formats.join(",")}`);
    }
    const writer = new DatasetWriter(sink, options);
    await writer.loadEarlierWork();
    return writer;
  }

  isDone(id: string): boolean {
    return this.done.has(id);
  }

  /** Keeps an earlier identical image in this run without regenerating it; false if there is none. */
  reuse(id: string): boolean {
    if (!this.done.has(id)) return false;
    this.inRun.add(id);
    return true;
  }

  /** Images in this run so far. */
  get count(): number {
    return this.inRun.size;
  }

  /** Writes the item unless an identical one is already done; returns what happened. */
  async add(item: DatasetItem): Promise<"written" | "skipped"> {
    assertValidId(item.id);
    if (this.reuse(item.id)) return "skipped";
    const files = encodeItemFiles(item, this.options.formats, this.options.bitDepth);
    for (const f of files) await this.sink.putFile(f.path, f.bytes);
    const refs = files.map((f) => ({ file: f.path, format: f.format, sha256: sha256Hex(f.bytes), bytes: f.bytes.length }));
    const primary = refs[0]!;
    const line: ManifestLine = {
      id: item.id,
      file: primary.file,
      format: primary.format,
      sha256: primary.sha256,
      bytes: primary.bytes,
      width: item.width,
      height: item.height,
      bitDepth: this.options.bitDepth,
      alternates: refs.slice(1),
      report: item.report,
      labels: item.labels,
      laterality: item.laterality,
      severity: item.severity,
      view: item.view,
      position: item.position,
      portable: item.portable,
      posture: item.posture,
      seed: item.seed,
      generator: item.generator,
      quality: item.quality,
    };
    // Validate before committing, so a bad item never reaches the manifest.
    const checked = parseManifestLine(serializeManifestLine(line), `record ${item.id}`, 1);
    await this.sink.putFile(pendingRecordPath(item.ordinal, item.id), new TextEncoder().encode(serializeManifestLine(checked) + "\n"));
    this.done.set(item.id, checked);
    this.inRun.add(item.id);
    return "written";
  }

  async finalize(card: CardInfo): Promise<FinalizeResult> {
    const lines = sortManifest([...this.inRun].map((id) => this.done.get(id)!), MANIFEST_FILE);
    const summary = summarize(lines);
    const encoder = new TextEncoder();
    await this.sink.putFile(MANIFEST_FILE, encoder.encode(formatManifest(lines)));
    await this.sink.putFile(LABELS_CSV_FILE, encoder.encode(formatLabelsCsv(lines)));
    await this.sink.putFile(DATASET_CARD_FILE, encoder.encode(renderDatasetCard(card, summary)));
    const referenced = new Set(lines.flatMap((l) => [l.file, ...l.alternates.map((a) => a.file)]));
    let orphansRemoved = 0;
    for (const { dir } of Object.values(FORMAT_LAYOUT)) {
      for (const path of await this.sink.list(`${dir}/`)) {
        if (!referenced.has(path)) {
          await this.sink.delete(path);
          orphansRemoved++;
        }
      }
    }
    for (const path of await this.sink.list(`${PENDING_DIR}/`)) await this.sink.delete(path);
    const cleaner = this.sink as DatasetSink & { cleanTemp?: () => Promise<number> };
    if (typeof cleaner.cleanTemp === "function") await cleaner.cleanTemp();
    return { summary, orphansRemoved };
  }

  private async loadEarlierWork(): Promise<void> {
    const candidates: Array<{ line: ManifestLine }> = [];
    const manifest = await this.sink.getFile(MANIFEST_FILE);
    if (manifest !== null) {
      const text = new TextDecoder().decode(manifest);
      text.split("\n").forEach((t, i) => {
        if (t.trim() !== "") candidates.push({ line: parseManifestLine(t, `${this.sink.location}/${MANIFEST_FILE}`, i + 1) });
      });
    }
    for (const path of await this.sink.list(`${PENDING_DIR}/`)) {
      const bytes = await this.sink.getFile(path);
      if (bytes === null) continue;
      try {
        candidates.push({ line: parseManifestLine(new TextDecoder().decode(bytes).trim(), `${this.sink.location}/${path}`, 1) });
      } catch (e) {
        // A record cut short by a crash cannot happen with atomic puts, but a foreign file can: redo that id.
        if (!(e instanceof DatasetError)) throw e;
      }
    }
    for (const { line } of candidates) {
      if (this.done.has(line.id)) continue;
      if (await this.matchesOptionsAndFiles(line)) {
        this.done.set(line.id, line);
        this.resumed++;
      }
    }
  }

  private async matchesOptionsAndFiles(line: ManifestLine): Promise<boolean> {
    const refs = [{ file: line.file, format: line.format, sha256: line.sha256 }, ...line.alternates];
    if (line.bitDepth !== this.options.bitDepth) return false;
    if (refs.length !== this.options.formats.length || refs.some((r, i) => r.format !== this.options.formats[i])) return false;
    for (const ref of refs) {
      const bytes = await this.sink.getFile(ref.file);
      if (bytes === null || sha256Hex(bytes) !== ref.sha256) return false;
    }
    return true;
  }
}
