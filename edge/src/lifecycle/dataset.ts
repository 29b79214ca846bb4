/**
 * How a dataset moves (docs/api.md, "How an order moves"):
 *
 *   queued ──start──► running ──(every item done or failed)──► succeeded (≥ 1 done) | failed
 *     │                  │
 *     ├──────fail────────┴──► failed      (nothing more will be delivered)
 *     └──cancel (queued|running)──► cancelled
 *
 * The cost of every image is reserved on submission; each delivered image is charged once
 * (ledger key per item) and everything not delivered is refunded when the dataset settles.
 */
import { finishDatasetIfComplete } from "../datasets/completion.js";
import { nowIso } from "../ids.js";
import { addDatasetProgress, type Dataset } from "../storage/datasets.js";
import { failItemRange } from "../storage/jobs.js";

/**
 * Items of reports [start, end) that never arrived are failed (a shard, or the whole job, ended
 * without them); the dataset settles when that was the last of its items. Replays change nothing.
 */
export async function failUndeliveredItems(env: Env, dataset: Dataset, jobId: string, reports: { start: number; end: number }, at: string = nowIso()): Promise<void> {
  if (dataset.status === "cancelled") return;
  const spr = dataset.settings.samplesPerReport;
  const newlyFailed = await failItemRange(env.DB, jobId, reports.start * spr, reports.end * spr, spr);
  if (newlyFailed === 0) return;
  const updated = await addDatasetProgress(env.DB, dataset.id, 0, newlyFailed, at);
  if (updated) await finishDatasetIfComplete(env.DB, env.GENERATION_QUEUE, updated, env.PUBLIC_ORIGIN);
}
