/**
 * Ingests one uploaded image in four steps: validation (check-upload.ts, against what the edge
 * expects), idempotency (a file already in is a no-op; results for an ended order are refused),
 * storage (store-upload.ts, content-addressed) and settlement (once every requested format of the
 * item is in, the order's deliver transition completes and charges it exactly once).
 */
import { nowIso } from "../ids.js";
import { deliverDatasetItem, refuseLateDatasetResult } from "../lifecycle/dataset.js";
import { deliverGeneration, refuseLateGenerationResult } from "../lifecycle/generation.js";
import { getJobItem, type Job } from "../storage/jobs.js";
import { checkUpload } from "./check-upload.js";
import { expectedItem, type JobOrder } from "./expected-item.js";
import { storeUpload } from "./store-upload.js";
import type { Upload } from "./upload.js";

export interface IngestResult {
  contentKey: string;
  itemComplete: boolean;
  /** False when this exact item was already complete (a duplicate upload). */
  applied: boolean;
}

/** A repeat of a file already in (a retried shard): a no-op, even after the order settled. */
async function isRepeat(db: D1Database, jobId: string, upload: Upload): Promise<boolean> {
  const existing = await getJobItem(db, jobId, upload.itemIndex);
  return existing?.status === "done" && existing.formatsDone.includes(upload.line.format);
}

function refuseLateResult(order: JobOrder): void {
  if (order.kind === "generation") refuseLateGenerationResult(order.generation);
  else refuseLateDatasetResult(order.dataset);
}

/** True when this call delivered the item (false: another upload already had). */
function settle(env: Env, order: JobOrder, itemIndex: number, at: string): Promise<boolean> {
  return order.kind === "generation" ? deliverGeneration(env.DB, order.generation, at) : deliverDatasetItem(env, order.dataset, itemIndex, at);
}

export async function ingestItem(env: Env, job: Job, upload: Upload): Promise<IngestResult> {
  const expected = await expectedItem(env.DB, job, upload.itemIndex);
  const findings = checkUpload(expected, upload);
  const result = (itemComplete: boolean, applied: boolean): IngestResult => ({ contentKey: expected.contentKey, itemComplete, applied });

  if (await isRepeat(env.DB, job.id, upload)) return result(true, false);
  refuseLateResult(expected.order);

  const at = nowIso();
  const complete = await storeUpload(env, { jobId: job.id, expected, upload, findings, at });
  if (!complete) return result(false, true);
  return result(true, await settle(env, expected.order, upload.itemIndex, at));
}
