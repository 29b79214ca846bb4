/** submit of a dataset (lifecycle/dataset.ts): admitted and reserved, stored queued, its work queued. */
import type { Principal } from "../auth/principal.js";
import { admitPartnerImages } from "../billing/admission.js";
import { refundReservation } from "../billing/charges.js";
import { datasetReservation } from "../billing/pricing.js";
import { newId } from "../ids.js";
import { insertDataset, type Dataset, type DatasetReport } from "../storage/datasets.js";
import { enqueueWork } from "../storage/queue.js";

export interface DatasetRequest extends Pick<Dataset, "total" | "settings" | "webhookUrl"> {
  principal: Extract<Principal, { kind: "partner" }>;
  /** The validated reports (none for phantom orders: each film's report arrives with its upload). */
  reports: DatasetReport[];
  now: Date;
}

export async function submitDataset(env: Env, request: DatasetRequest): Promise<Dataset> {
  const { principal, total } = request;
  const credits = datasetReservation(total);
  await admitPartnerImages(env.DB, principal, total, credits, request.now);
  const at = request.now.toISOString();
  const dataset: Dataset = {
    id: newId("ds"),
    partnerId: principal.partnerId,
    status: "queued",
    total,
    done: 0,
    failed: 0,
    settings: request.settings,
    costCredits: credits,
    webhookUrl: request.webhookUrl,
    jobId: null,
    createdAt: at,
    updatedAt: at,
    startedAt: null,
    completedAt: null,
  };
  try {
    await insertDataset(env.DB, dataset, request.reports);
  } catch (err) {
    await refundReservation(env.DB, principal.partnerId, credits);
    throw err;
  }
  // If this send fails the dataset stays queued and the reconciler re-enqueues it.
  await enqueueWork(env.GENERATION_QUEUE, { type: "dataset", datasetId: dataset.id }).catch((err: unknown) => console.error("enqueue failed; the reconciler will retry", dataset.id, err));
  return dataset;
}
