/**
 * Periodic housekeeping (cron): re-enqueues work whose queue message was lost (accepted, but the
 * send failed or the message was dead-lettered by the platform without our handler running), and
 * forgets idempotency records and signatures that can no longer matter. Re-enqueueing is safe:
 * the consumer is idempotent.
 */
import { nowSeconds } from "../ids.js";
import { findStalledWork, pruneIdempotencyKeys, pruneSeenSignatures } from "../storage/maintenance.js";
import { enqueueWork } from "../storage/queue.js";

export const RECONCILE_CONFIG = {
  /** Work still queued without a job after this long is considered to have lost its message. */
  stalledAfterSeconds: 10 * 60,
  /** Re-enqueued per run (bounded so one run stays short). */
  maxPerRun: 100,
  /** Idempotency keys are honoured for this long (Stripe uses 24 h). */
  idempotencyTtlSeconds: 24 * 3600,
} as const;

export interface ReconcileReport {
  requeuedGenerations: string[];
  requeuedDatasets: string[];
}

export async function reconcile(env: Env, nowMs: number = Date.now()): Promise<ReconcileReport> {
  const stalledBefore = new Date(nowMs - RECONCILE_CONFIG.stalledAfterSeconds * 1000).toISOString();
  const stalled = await findStalledWork(env.DB, stalledBefore, RECONCILE_CONFIG.maxPerRun);
  for (const id of stalled.generations) await enqueueWork(env.GENERATION_QUEUE, { type: "generation", generationId: id });
  for (const id of stalled.datasets) await enqueueWork(env.GENERATION_QUEUE, { type: "dataset", datasetId: id });
  await pruneIdempotencyKeys(env.DB, new Date(nowMs - RECONCILE_CONFIG.idempotencyTtlSeconds * 1000).toISOString());
  await pruneSeenSignatures(env.DB, nowSeconds());
  return { requeuedGenerations: stalled.generations, requeuedDatasets: stalled.datasets };
}
