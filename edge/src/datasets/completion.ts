/** Ends a dataset once every image is done or failed: final status, refund, signed webhook. */
import type { DatasetCompletedEvent } from "../../../shared/api/index.js";
import { EDGE_CONFIG } from "../config.js";
import { refundReservation } from "../billing/charges.js";
import { newId, nowIso } from "../ids.js";
import { transitionDataset, type Dataset } from "../storage/datasets.js";
import { enqueueWork } from "../storage/queue.js";
import { ensureDelivery } from "../storage/webhooks.js";

export async function finishDatasetIfComplete(db: D1Database, queue: Queue, dataset: Dataset, publicOrigin: string): Promise<void> {
  if (dataset.done + dataset.failed < dataset.total) return;
  const status = dataset.done > 0 ? "succeeded" : "failed";
  if (!(await transitionDataset(db, dataset.id, ["queued", "running"], status, nowIso()))) return;
  await refundReservation(db, dataset.partnerId, dataset.failed * EDGE_CONFIG.creditsPerGeneratedImage);
  await announceCompletion(db, queue, { ...dataset, status }, publicOrigin);
}

/** Queues the dataset.completed webhook once per dataset (when the partner gave a URL). */
export async function announceCompletion(db: D1Database, queue: Queue, dataset: Dataset, publicOrigin: string): Promise<void> {
  if (!dataset.webhookUrl) return;
  const status = dataset.status === "succeeded" || dataset.status === "cancelled" ? dataset.status : "failed";
  const event: DatasetCompletedEvent = {
    id: newId("evt"),
    type: "dataset.completed",
    createdAt: nowIso(),
    data: { datasetId: dataset.id, status, done: dataset.done, failed: dataset.failed, total: dataset.total, manifestUrl: `${publicOrigin}/v1/datasets/${dataset.id}/manifest` },
  };
  const { delivery, created } = await ensureDelivery(db, { id: newId("whd"), partnerId: dataset.partnerId, datasetId: dataset.id, url: dataset.webhookUrl, body: JSON.stringify(event) }, nowIso());
  if (created) await enqueueWork(queue, { type: "webhook", deliveryId: delivery.id });
}
