/**
 * Periodic housekeeping (cron):
 * - re-enqueues work whose queue message was lost (accepted, but the send failed or the message
 *   was dead-lettered by the platform without our handler running);
 * - settles work the backend has finished with but the edge never heard the end of (an attempt
 *   OOM-killed or SIGKILLed on its last try sends no event): it asks the backend's describe, and a
 *   job that ended without delivering fails with a refund (a dataset keeps what was delivered);
 * - forgets idempotency records and signatures that can no longer matter.
 * Everything here is safe to repeat: the consumer is idempotent and settling goes through the
 * lifecycle transitions, which change nothing the second time.
 */
import { BackendError, describeEnd, hasEndedFor, type BackendJobStatus, type BatchBackend } from "../../../shared/jobs/index.js";
import { nowIso, nowSeconds } from "../ids.js";
import { failUndeliveredItems } from "../lifecycle/dataset.js";
import { failGeneration } from "../lifecycle/generation.js";
import { backendFromEnv } from "../queue/backends.js";
import { getDataset } from "../storage/datasets.js";
import { findStalledWork, findUnsettledSubmittedWork, pruneIdempotencyKeys, pruneSeenSignatures, type RunningWork } from "../storage/maintenance.js";
import { enqueueWork } from "../storage/queue.js";

export const RECONCILE_CONFIG = {
  /** Work still queued without a job after this long is considered to have lost its message. */
  stalledAfterSeconds: 10 * 60,
  /** Re-enqueued per run (bounded so one run stays short). */
  maxPerRun: 100,
  /** Submitted, unsettled jobs looked up on the backend per run (one describe call per 100). */
  maxDescribedPerRun: 100,
  /** A backend job counts as ended this long after it stopped, so its last events have landed. */
  endedQuietSeconds: 2 * 60,
  /** Idempotency keys are honoured for this long (Stripe uses 24 h). */
  idempotencyTtlSeconds: 24 * 3600,
} as const;

export interface ReconcileReport {
  requeuedGenerations: string[];
  requeuedDatasets: string[];
  /** Work whose backend job had ended without the edge hearing its end, now settled. */
  settledGenerations: string[];
  settledDatasets: string[];
  /** Why the backend could not be asked this run (the next run asks again), if it could not. */
  backendUnavailable?: string;
}

export async function reconcile(env: Env, nowMs: number = Date.now(), backend: BatchBackend = backendFromEnv(env)): Promise<ReconcileReport> {
  const stalledBefore = new Date(nowMs - RECONCILE_CONFIG.stalledAfterSeconds * 1000).toISOString();
  const stalled = await findStalledWork(env.DB, stalledBefore, RECONCILE_CONFIG.maxPerRun);
  for (const id of stalled.generations) await enqueueWork(env.GENERATION_QUEUE, { type: "generation", generationId: id });
  for (const id of stalled.datasets) await enqueueWork(env.GENERATION_QUEUE, { type: "dataset", datasetId: id });
  const settled = await settleEndedJobs(env, backend, nowMs);
  await pruneIdempotencyKeys(env.DB, new Date(nowMs - RECONCILE_CONFIG.idempotencyTtlSeconds * 1000).toISOString());
  await pruneSeenSignatures(env.DB, nowSeconds());
  return { requeuedGenerations: stalled.generations, requeuedDatasets: stalled.datasets, ...settled };
}

async function settleEndedJobs(env: Env, backend: BatchBackend, nowMs: number): Promise<Pick<ReconcileReport, "settledGenerations" | "settledDatasets" | "backendUnavailable">> {
  const report = { settledGenerations: [] as string[], settledDatasets: [] as string[] };
  const work = await findUnsettledSubmittedWork(env.DB, RECONCILE_CONFIG.maxDescribedPerRun);
  if (work.length === 0) return report;
  let statuses: BackendJobStatus[];
  try {
    statuses = await backend.describe(work.map((w) => w.backendJobId));
  } catch (err) {
    if (err instanceof BackendError) return { ...report, backendUnavailable: err.message };
    throw err;
  }
  const byId = new Map(statuses.map((s) => [s.backendJobId, s]));
  for (const w of work) {
    const status = byId.get(w.backendJobId);
    if (!status || !hasEndedFor(status, RECONCILE_CONFIG.endedQuietSeconds, nowMs)) continue;
    if (await settle(env, w, status)) (w.refKind === "generation" ? report.settledGenerations : report.settledDatasets).push(w.refId);
  }
  return report;
}

async function settle(env: Env, work: RunningWork, status: BackendJobStatus): Promise<boolean> {
  const at = nowIso();
  if (work.refKind === "generation") {
    return failGeneration(env.DB, work.refId, { errorCode: "job_ended", errorMessage: `The GPU job ended without delivering the image (${describeEnd(status)}).` }, at);
  }
  const dataset = await getDataset(env.DB, work.refId);
  if (!dataset) return false;
  return failUndeliveredItems(env, dataset, { start: 0, end: dataset.settings.reportCount }, at);
}
