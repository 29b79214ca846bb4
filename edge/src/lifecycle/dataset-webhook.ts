/** The dataset.completed webhook: queued once per dataset that ends, when the partner gave a URL. */
import type { DatasetCompletedEvent } from "../../../shared/api/index.js";
import { newId, nowIso } from "../ids.js";
import type { Dataset } from "../storage/datasets.js";
import { enqueueWork } from "../storage/queue.js";
import { ensureDelivery } from "../storage/webhooks.js";

export async function announceDatasetEnd(env: Env, dataset: Dataset): Promise<void> {
  if (!dataset.webhookUrl) return;
  const status = dataset.status === "succeeded" || dataset.status === "cancelled" ? dataset.status : "failed";
  const event: DatasetCompletedEvent = {
    id: newId("evt"),
    type: "dataset.completed",
    createdAt: nowIso(),
    data: { datasetId: dataset.id, status, done: dataset.done, failed: dataset.failed, total: dataset.total, manifestUrl: `${env.PUBLIC_ORIGIN}/v1/datasets/${dataset.id}/manifest` },
  };
  const { delivery, created } = await ensureDelivery(env.DB, { id: newId("whd"), partnerId: dataset.partnerId, datasetId: dataset.id, url: dataset.webhookUrl, body: JSON.stringify(event) }, nowIso());
  if (created) await enqueueWork(env.GENERATION_QUEUE, { type: "webhook", deliveryId: delivery.id });
}
