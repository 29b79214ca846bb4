import { EDGE_CONFIG } from "../config.js";
import { refundReservation } from "../billing/charges.js";
import { announceCompletion } from "../datasets/completion.js";
import { nowIso } from "../ids.js";
import { getDataset, transitionDataset } from "../storage/datasets.js";

/** Gives up on a whole dataset (submission impossible): refunds what was not delivered, tells the partner. */
export async function failDataset(db: D1Database, queue: Queue, datasetId: string, reason: string, publicOrigin: string): Promise<void> {
  const dataset = await getDataset(db, datasetId);
  if (!dataset) return;
  if (!(await transitionDataset(db, datasetId, ["queued", "running"], "failed", nowIso()))) return;
  console.warn(`dataset ${datasetId} failed: ${reason}`);
  await refundReservation(db, dataset.partnerId, (dataset.total - dataset.done) * EDGE_CONFIG.creditsPerGeneratedImage);
  await announceCompletion(db, queue, { ...dataset, status: "failed" }, publicOrigin);
}
