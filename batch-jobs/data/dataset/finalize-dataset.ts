/**
 * Turns committed records into a finished dataset: manifest.jsonl sorted by id, labels.csv, the
 * card; then deletes .pending/, temp leftovers and image files no record refers to. Run it once,
 * after every writer of the location has stopped.
 */
import { renderDatasetCard, summarize, type CardInfo, type DatasetSummary } from "../../../shared/dataset/card.js";
import { formatLabelsCsv } from "../../../shared/dataset/labels-csv.js";
import { DATASET_CARD_FILE, FORMAT_LAYOUT, LABELS_CSV_FILE, MANIFEST_FILE, PENDING_DIR } from "../../../shared/dataset/layout.js";
import { formatManifest, sortManifest, type ManifestLine } from "../../../shared/dataset/manifest.js";
import type { DatasetSink } from "./sink.js";

export interface FinalizeResult {
  summary: DatasetSummary;
  /** Image files no record referred to (e.g. left by an earlier, larger run), deleted. */
  orphansRemoved: number;
}

export async function finalizeDataset(sink: DatasetSink, records: Iterable<ManifestLine>, card: CardInfo): Promise<FinalizeResult> {
  const lines = sortManifest([...records], MANIFEST_FILE);
  const summary = summarize(lines);
  const encoder = new TextEncoder();
  await sink.putFile(MANIFEST_FILE, encoder.encode(formatManifest(lines)));
  await sink.putFile(LABELS_CSV_FILE, encoder.encode(formatLabelsCsv(lines)));
  await sink.putFile(DATASET_CARD_FILE, encoder.encode(renderDatasetCard(card, summary)));
  const referenced = new Set(lines.flatMap((l) => [l.file, ...l.alternates.map((a) => a.file)]));
  let orphansRemoved = 0;
  for (const { dir } of Object.values(FORMAT_LAYOUT)) {
    for (const path of await sink.list(`${dir}/`)) {
      if (!referenced.has(path)) {
        await sink.delete(path);
        orphansRemoved++;
      }
    }
  }
  for (const path of await sink.list(`${PENDING_DIR}/`)) await sink.delete(path);
  const cleaner = sink as DatasetSink & { cleanTemp?: () => Promise<number> };
  if (typeof cleaner.cleanTemp === "function") await cleaner.cleanTemp();
  return { summary, orphansRemoved };
}
