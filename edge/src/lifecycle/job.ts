/**
 * The batch job moves with its order (one job per order, id jobIdFor(order id)):
 *
 *   created ──submit──► submitted ──start──► running ──end──► succeeded | failed | cancelled
 *      └──────────────────┴────────────────────┴──end──┘
 *
 * Only the order lifecycles call these; a job that already ended is left as it is.
 */
import { setJobStatus, type JobStatus } from "../storage/jobs.js";

export type JobEnd = Extract<JobStatus, "succeeded" | "failed" | "cancelled">;

export function startJob(db: D1Database, jobId: string, at: string): Promise<boolean> {
  return setJobStatus(db, jobId, ["created", "submitted"], "running", at);
}

export function endJob(db: D1Database, jobId: string, end: JobEnd, at: string): Promise<boolean> {
  return setJobStatus(db, jobId, ["created", "submitted", "running"], end, at);
}
