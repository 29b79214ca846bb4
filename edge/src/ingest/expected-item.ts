/** What the edge expects for item i of a job: derived from its own records, never from the uploader. */
import { formatsOf, type FileFormat } from "../../../shared/api/index.js";
import { contentKey, itemSeed, phantomContentKey } from "../../../shared/keys/index.js";
import { EDGE_CONFIG } from "../config.js";
import { ApiError } from "../errors.js";
import { getDataset, getDatasetReport, type Dataset } from "../storage/datasets.js";
import { getGeneration, type Generation } from "../storage/generations.js";
import type { Job } from "../storage/jobs.js";

/** The order a job works for, told apart by kind (as the job's refKind). */
export type JobOrder = { kind: "generation"; generation: Generation } | { kind: "dataset"; dataset: Dataset };

export interface ExpectedItem {
  itemIndex: number;
  reportIndex: number;
  sampleIndex: number;
  seed: number;
  contentKey: string;
  formats: FileFormat[];
  modelVersion: string;
  order: JobOrder;
}

export async function expectedItem(db: D1Database, job: Job, itemIndex: number): Promise<ExpectedItem> {
  if (job.refKind === "generation") {
    const g = await getGeneration(db, job.refId);
    if (!g) throw new ApiError(404, "job_not_found", `Job ${job.id} has no generation.`);
    if (itemIndex !== 0) throw new ApiError(422, "item_out_of_range", `Job ${job.id} has 1 item; got item ${itemIndex}.`);
    return { itemIndex, reportIndex: 0, sampleIndex: 0, seed: g.settings.seed, contentKey: g.contentKey, formats: formatsOf(g.settings.format), modelVersion: g.settings.modelVersion, order: { kind: "generation", generation: g } };
  }
  const d = await getDataset(db, job.refId);
  if (!d) throw new ApiError(404, "job_not_found", `Job ${job.id} has no dataset.`);
  if (itemIndex >= d.total) throw new ApiError(422, "item_out_of_range", `Job ${job.id} has ${d.total} items; got item ${itemIndex}.`);
  if (d.settings.source === "phantom") {
    // Film i has seed seed + i (batch-jobs phantomSeed); its report arrives with the upload.
    const seed = itemSeed(d.settings.seed, itemIndex, 0, 1);
    const key = await phantomContentKey({ simulatorVersion: d.settings.modelVersion, seed, size: d.settings.size, bitDepth: EDGE_CONFIG.phantomBitDepth });
    return { itemIndex, reportIndex: itemIndex, sampleIndex: 0, seed, contentKey: key, formats: formatsOf(d.settings.format), modelVersion: d.settings.modelVersion, order: { kind: "dataset", dataset: d } };
  }
  const spr = d.settings.samplesPerReport;
  const reportIndex = Math.floor(itemIndex / spr);
  const sampleIndex = itemIndex % spr;
  const report = await getDatasetReport(db, d.id, reportIndex);
  if (!report) throw new ApiError(404, "job_not_found", `Report ${reportIndex} of dataset ${d.id} is missing.`);
  const seed = itemSeed(d.settings.seed, reportIndex, sampleIndex, spr);
  const key = await contentKey({ canonical: report.findings.canonical, modelVersion: d.settings.modelVersion, seed, sampler: d.settings });
  return { itemIndex, reportIndex, sampleIndex, seed, contentKey: key, formats: formatsOf(d.settings.format), modelVersion: d.settings.modelVersion, order: { kind: "dataset", dataset: d } };
}
