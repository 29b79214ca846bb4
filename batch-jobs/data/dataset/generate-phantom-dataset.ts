/**
 * Phantom dataset job: simulate `count` films and write them as a dataset, resumably. Image i
 * gets seed (baseSeed + i) mod 2^32 and id "phantom-<seed, 10 digits>", so ids are unique within a
 * dataset, name the seed that made them, and sort in generation order.
 */
import type { CardInfo } from "../../../shared/dataset/card.js";
import type { ImageFormat } from "../../../shared/dataset/layout.js";
import { simulate, type PhantomConfig } from "../phantom/index.js";
import { itemFromPhantomSample } from "./dataset-item.js";
import { DatasetWriter, type FinalizeResult } from "./dataset-writer.js";
import type { ProgressReporter } from "./progress.js";
import type { DatasetSink } from "./sink.js";

export interface PhantomDatasetOptions {
  config: PhantomConfig;
  count: number;
  baseSeed: number;
  formats: readonly ImageFormat[];
  bitDepth: 8 | 16;
  card: CardInfo;
}

export interface PhantomDatasetResult extends FinalizeResult {
  written: number;
  skipped: number;
}

export function phantomSeed(baseSeed: number, index: number): number {
  return (baseSeed + index) >>> 0;
}

export function phantomId(seed: number): string {
  return `phantom-${String(seed).padStart(10, "0")}`;
}

export async function generatePhantomDataset(sink: DatasetSink, options: PhantomDatasetOptions, progress: ProgressReporter): Promise<PhantomDatasetResult> {
  const writer = await DatasetWriter.open(sink, { formats: options.formats, bitDepth: options.bitDepth });
  let written = 0;
  let skipped = 0;
  for (let i = 0; i < options.count; i++) {
    const seed = phantomSeed(options.baseSeed, i);
    const id = phantomId(seed);
    if (writer.reuse(id)) skipped++;
    else {
      await writer.add(itemFromPhantomSample(simulate(options.config, seed), id, i));
      written++;
    }
    progress.update({ done: i + 1, total: options.count, written, skipped });
  }
  const result = await writer.finalize(options.card);
  progress.finish({ done: options.count, total: options.count, written, skipped });
  return { ...result, written, skipped };
}
