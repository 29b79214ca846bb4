/** The `data` of a train spec → the records to train on (metadata first: the tokenizer learns their reports). */
import { fileURLToPath } from "node:url";
import type { TrainSpec } from "../../shared/jobs/kinds.js";
import { DatasetError } from "../../shared/dataset/errors.js";
import { readDataset } from "../data/dataset/dataset-reader.js";
import type { ImageReportRecord } from "../data/dataset/image-report-record.js";
import { readMimicCxrJpg } from "../data/dataset/mimic-cxr-reader.js";
import { JobError } from "./job-error.js";

export async function trainingRecords(data: NonNullable<TrainSpec["data"]>): Promise<ImageReportRecord[]> {
  const root = fileURLToPath(data.uri);
  const records: ImageReportRecord[] = [];
  try {
    const source = data.format === "dataset" ? readDataset(root, { verify: "sha256" }) : readMimicCxrJpg({ root, onMissing: "skip" });
    for await (const r of source) records.push(r);
  } catch (err) {
    if (err instanceof DatasetError) {
      throw new JobError(err.exitClass, `data_${err.code}`, `spec.data (${data.format} at ${root}): ${err.message}`, err);
    }
    throw err;
  }
  if (records.length === 0) throw new JobError("invalidSpec", "data_empty", `spec.data: ${root} holds no images.`);
  return records;
}
