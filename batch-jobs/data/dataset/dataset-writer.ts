/**
 * Writes a dataset through a DatasetSink, resumably:
 *  1. add(item): encode the image file(s), put each atomically, then put a per-image record
 *     under .pending/ — the record is the commit point, written only after its files.
 *  2. open() on a location with earlier work loads the committed records whose files still match
 *     their sha256 (committed-records.ts); reuse(id) keeps one without regenerating it. Ids with
 *     missing or damaged files are simply written again.
 *  3. finalize(): this run's records (added or reused) become the finished dataset
 *     (finalize-dataset.ts).
 * A killed and restarted run therefore ends with every image exactly once.
 *
 * Array jobs: several writers may add() disjoint ids to one location at the same time; none of
 * them finalizes, and one last step calls mergeAndFinalize() over everything committed.
 */
import type { CardInfo } from "../../../shared/dataset/card.js";
import { assertValidId, pendingRecordPath } from "../../../shared/dataset/layout.js";
import { parseManifestLine, serializeManifestLine, type ManifestLine } from "../../../shared/dataset/manifest.js";
import { sha256Hex } from "../../storage/sha256.js";
import { loadCommittedRecords, type RecordOptions } from "./committed-records.js";
import type { DatasetItem } from "./dataset-item.js";
import { finalizeDataset, type FinalizeResult } from "./finalize-dataset.js";
import { encodeItemFiles } from "./image-files.js";
import type { DatasetSink } from "./sink.js";

export type DatasetWriterOptions = RecordOptions;

export type { FinalizeResult } from "./finalize-dataset.js";

export class DatasetWriter {
  /** Ids added or reused by this run: a finalized dataset holds exactly these. */
  private readonly inRun = new Set<string>();

  private constructor(
    private readonly sink: DatasetSink,
    private readonly options: DatasetWriterOptions,
    /** Verified records from earlier runs plus this run's. */
    private readonly done: Map<string, ManifestLine>,
    /** How many earlier records were found intact. */
    readonly resumed: number,
  ) {}

  static async open(sink: DatasetSink, options: DatasetWriterOptions): Promise<DatasetWriter> {
    if (options.formats.length === 0 || new Set(options.formats).size !== options.formats.length) {
      throw new RangeError(`formats must be a non-empty list without repeats, got ${options.formats.join(",")}`);
    }
    const done = await loadCommittedRecords(sink, options);
    return new DatasetWriter(sink, options, done, done.size);
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

  /** The committed record of `id` (earlier run or this one), e.g. to re-read its files. */
  record(id: string): ManifestLine | undefined {
    return this.done.get(id);
  }

  /** Images in this run so far. */
  get count(): number {
    return this.inRun.size;
  }

  /** Writes the item unless an identical one is already committed; returns what happened. */
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

  /** Single-writer datasets: this run's images become the dataset. */
  async finalize(card: CardInfo): Promise<FinalizeResult> {
    return finalizeDataset(this.sink, [...this.inRun].map((id) => this.done.get(id)!), card);
  }
}

/** Array jobs' last step: everything committed by any writer (verified) becomes the dataset. */
export async function mergeAndFinalize(sink: DatasetSink, options: RecordOptions, card: CardInfo): Promise<FinalizeResult> {
  return finalizeDataset(sink, (await loadCommittedRecords(sink, options)).values(), card);
}
