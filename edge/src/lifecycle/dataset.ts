/**
 * How a dataset moves (docs/api.md, "How an order moves"):
 *
 *   submit ──► queued ──start──► running ──settle (every item done or failed)──► succeeded (≥ 1 done) | failed
 *                │                  │
 *                ├──────fail────────┴──► failed       (nothing more will be delivered)
 *                └──cancel (queued|running)──► cancelled
 *
 * Items move pending ──deliverItem──► done (charged once, ledger key per item; a queued dataset
 * starts) and pending ──failItems──► failed (never to arrive; a failed item may still be
 * delivered late). submit reserves every image (dataset-submit.ts); whatever ends the dataset
 * (settle, fail, cancel) refunds the images not delivered, ends the job and queues the
 * dataset.completed webhook, once. From any state not in FROM a transition changes nothing.
 */
import type { DatasetState } from "../../../shared/api/index.js";
import { chargeImage, refundReservation } from "../billing/charges.js";
import { datasetItemCharge, datasetRefund } from "../billing/pricing.js";
import { ApiError } from "../errors.js";
import { nowIso } from "../ids.js";
import { addDatasetProgress, getDataset, transitionDataset, type Dataset } from "../storage/datasets.js";
import { completeItem, failItemRange, getJob, jobIdFor } from "../storage/jobs.js";
import { announceDatasetEnd } from "./dataset-webhook.js";
import { endJob, startJob } from "./job.js";

export { submitDataset, type DatasetRequest } from "./dataset-submit.js";

const FROM = {
  dispatch: ["queued"],
  start: ["queued"],
  deliverItem: ["queued", "running"],
  // Bookkeeping only once the dataset has ended: items of a failed dataset are still marked.
  failItems: ["queued", "running", "succeeded", "failed"],
  settle: ["queued", "running"],
  fail: ["queued", "running"],
  cancel: ["queued", "running"],
} as const satisfies Record<string, readonly DatasetState[]>;

type DatasetEnd = Extract<DatasetState, "succeeded" | "failed" | "cancelled">;

const isIn = (states: readonly DatasetState[], state: DatasetState) => states.includes(state);

/** Records the submitted job on a queued dataset (it stays queued until the job starts). */
export function dispatchDataset(db: D1Database, datasetId: string, jobId: string, at: string = nowIso()): Promise<boolean> {
  return transitionDataset(db, datasetId, FROM.dispatch, "queued", at, { jobId });
}

/** queued → running when its job's first attempt starts. */
export async function startDataset(db: D1Database, datasetId: string, at: string = nowIso()): Promise<boolean> {
  await startJob(db, jobIdFor(datasetId), at);
  return transitionDataset(db, datasetId, FROM.start, "running", at);
}

/** Item `itemIndex` is in: done once, charged once, and the dataset settles if it was the last. */
export async function deliverDatasetItem(env: Env, dataset: Dataset, itemIndex: number, at: string = nowIso()): Promise<boolean> {
  if (!isIn(FROM.deliverItem, dataset.status)) return false;
  const jobId = jobIdFor(dataset.id);
  const previous = await completeItem(env.DB, jobId, itemIndex);
  if (previous === null) return false;
  await startJob(env.DB, jobId, at);
  await chargeImage(env.DB, { owner: dataset.partnerId, image: { kind: "dataset-item", datasetId: dataset.id, itemIndex }, kind: "dataset", credits: datasetItemCharge(dataset), at });
  await transitionDataset(env.DB, dataset.id, FROM.start, "running", at);
  const updated = await addDatasetProgress(env.DB, dataset.id, 1, previous === "failed" ? -1 : 0, at);
  if (updated) await settleIfComplete(env, updated, at);
  return true;
}

/**
 * Items of reports [start, end) that never arrived are failed (a shard, or the whole job, ended
 * without them). True when that settled the dataset; replays change nothing.
 */
export async function failUndeliveredItems(env: Env, dataset: Dataset, reports: { start: number; end: number }, at: string = nowIso()): Promise<boolean> {
  if (!isIn(FROM.failItems, dataset.status)) return false;
  const spr = dataset.settings.samplesPerReport;
  const newlyFailed = await failItemRange(env.DB, jobIdFor(dataset.id), reports.start * spr, reports.end * spr, spr);
  if (newlyFailed === 0) return false;
  const updated = await addDatasetProgress(env.DB, dataset.id, 0, newlyFailed, at);
  return updated ? settleIfComplete(env, updated, at) : false;
}

/** queued|running → succeeded (≥ 1 image) | failed once every item is done or failed. */
async function settleIfComplete(env: Env, dataset: Dataset, at: string): Promise<boolean> {
  if (dataset.done + dataset.failed < dataset.total) return false;
  return (await end(env, dataset, FROM.settle, dataset.done > 0 ? "succeeded" : "failed", at)) !== null;
}

/** queued|running → failed as a whole (submission impossible): nothing more will be delivered. */
export async function failDataset(env: Env, dataset: Dataset | string, failure: { reason: string; jobId?: string }, at: string = nowIso()): Promise<boolean> {
  const d = typeof dataset === "string" ? await getDataset(env.DB, dataset) : dataset;
  if (!d) return false;
  const ended = await end(env, d, FROM.fail, "failed", at, failure.jobId);
  if (ended) console.warn(`dataset ${d.id} failed: ${failure.reason}`);
  return ended !== null;
}

/** queued|running → cancelled by the partner; null when it had already ended. */
export async function cancelDataset(env: Env, dataset: Dataset, at: string = nowIso()): Promise<{ dataset: Dataset; backendJobId: string | null } | null> {
  const ended = await end(env, dataset, FROM.cancel, "cancelled", at);
  if (!ended) return null;
  const job = await getJob(env.DB, jobIdFor(dataset.id));
  return { dataset: ended, backendJobId: job?.backendJobId ?? null };
}

/** The one way a dataset ends: the state changes once, the rest is refunded, the job ends, the partner is told. */
async function end(env: Env, dataset: Dataset, from: readonly DatasetState[], to: DatasetEnd, at: string, jobId?: string): Promise<Dataset | null> {
  if (!(await transitionDataset(env.DB, dataset.id, from, to, at, jobId ? { jobId } : {}))) return null;
  // Read again: what was delivered up to the change is what the partner keeps.
  const ended = (await getDataset(env.DB, dataset.id)) ?? { ...dataset, status: to };
  await refundReservation(env.DB, ended.partnerId, datasetRefund(ended));
  await endJob(env.DB, jobIdFor(dataset.id), to, at);
  await announceDatasetEnd(env, ended);
  return ended;
}

/** An ended dataset was refunded what it lacked: a result arriving after that would unbalance it. */
export function refuseLateDatasetResult(dataset: Dataset): void {
  if (dataset.status === "cancelled") throw new ApiError(409, "job_cancelled", "The dataset was cancelled; its results are no longer accepted.");
  if (!isIn(FROM.deliverItem, dataset.status)) throw new ApiError(409, "job_finished", `This dataset is already ${dataset.status}; late results are not accepted.`);
}
