/**
 * What the local runner remembers about each job, persisted as JSON. Mirrors AWS Batch: a job
 * with arraySize ≥ 2 is a parent with one child per index (child id `<parent>:<index>`); a
 * single job has one child, index 0, run without the array-index variable.
 */
import type { BackendJobState, BackendJobStatus, SubmitRequest } from "../../shared/jobs/backend.js";
import type { JobKind, JobSpec } from "../../shared/jobs/kinds.js";

export type ChildState = "runnable" | "running" | "succeeded" | "failed";

export interface ChildRecord {
  index: number;
  state: ChildState;
  /** Attempts started so far. */
  attempts: number;
  exitCode?: number;
  statusReason?: string;
  /** Process of the current attempt (to clean up orphans after a runner crash). */
  pid?: number;
  startedAt?: string;
  stoppedAt?: string;
}

export interface JobRecord {
  backendJobId: string;
  jobName: string;
  kind: JobKind;
  spec: JobSpec;
  arraySize: number;
  idempotencyToken: string;
  maxAttempts: number;
  timeoutSeconds?: number;
  tags: Record<string, string>;
  createdAt: string;
  cancelReason?: string;
  children: ChildRecord[];
}

export function newJobRecord(backendJobId: string, request: SubmitRequest, spec: JobSpec, now: Date): JobRecord {
  return {
    backendJobId,
    jobName: request.jobName,
    kind: request.kind,
    spec,
    arraySize: request.arraySize,
    idempotencyToken: request.idempotencyToken,
    maxAttempts: request.attempts ?? 3,
    ...(request.timeoutSeconds !== undefined ? { timeoutSeconds: request.timeoutSeconds } : {}),
    tags: request.tags ?? {},
    createdAt: now.toISOString(),
    children: Array.from({ length: request.arraySize }, (_, index) => ({ index, state: "runnable", attempts: 0 })),
  };
}

export function isArray(job: JobRecord): boolean {
  return job.arraySize > 1;
}

export function childJobId(job: JobRecord, index: number): string {
  return isArray(job) ? `${job.backendJobId}:${index}` : job.backendJobId;
}

/** A parent is running while any child runs, done when all are, failed when any failed and none remain. */
export function parentState(job: JobRecord): BackendJobState {
  const states = job.children.map((c) => c.state);
  if (states.every((s) => s === "succeeded")) return "succeeded";
  if (states.some((s) => s === "running")) return "running";
  if (states.some((s) => s === "runnable")) return states.some((s) => s !== "runnable") ? "running" : "runnable";
  return "failed";
}

export function toBackendStatus(job: JobRecord): BackendJobStatus {
  const state = parentState(job);
  const first = job.children[0];
  const starts = job.children.map((c) => c.startedAt).filter((s): s is string => !!s).sort();
  const stops = job.children.map((c) => c.stoppedAt).filter((s): s is string => !!s).sort();
  const failed = job.children.find((c) => c.state === "failed");
  const status: BackendJobStatus = {
    backendJobId: job.backendJobId,
    jobName: job.jobName,
    state,
    attempts: Math.max(0, ...job.children.map((c) => c.attempts)),
    createdAt: job.createdAt,
    ...(starts[0] ? { startedAt: starts[0] } : {}),
    ...((state === "succeeded" || state === "failed") && stops.length ? { stoppedAt: stops[stops.length - 1]! } : {}),
  };
  const reason = job.cancelReason ?? failed?.statusReason ?? (isArray(job) ? undefined : first?.statusReason);
  if (reason) status.statusReason = reason;
  if (isArray(job)) {
    const byState: Partial<Record<BackendJobState, number>> = {};
    for (const c of job.children) byState[c.state] = (byState[c.state] ?? 0) + 1;
    status.array = { size: job.arraySize, byState };
  } else if (first?.exitCode !== undefined) {
    status.exitCode = first.exitCode;
  }
  return status;
}

export function childStatus(job: JobRecord, child: ChildRecord): BackendJobStatus {
  return {
    backendJobId: childJobId(job, child.index),
    jobName: `${job.jobName}:${child.index}`,
    state: child.state,
    attempts: child.attempts,
    createdAt: job.createdAt,
    ...(child.exitCode !== undefined ? { exitCode: child.exitCode } : {}),
    ...(child.statusReason ? { statusReason: child.statusReason } : {}),
    ...(child.startedAt ? { startedAt: child.startedAt } : {}),
    ...(child.stoppedAt ? { stoppedAt: child.stoppedAt } : {}),
  };
}
