/**
 * The interface through which the edge's queue consumer starts batch work. Two implementations:
 * AWS Batch (batch-jobs/backends/aws-batch-backend.ts) and the local runner client
 * (./local-backend-client.ts, fetch only, usable from a Worker). Platform-neutral: no Node, no
 * Workers types.
 */
import type { JobKind, JobSpecInput } from "./kinds.js";

export interface SubmitRequest {
  kind: JobKind;
  /** The job spec (validated by the backend before submitting; see ./kinds.ts). */
  spec: JobSpecInput;
  /** Array size: 1 = a single job; N ≥ 2 = N children, each a shard (AWS max 10 000). */
  arraySize: number;
  /** Human-readable name (AWS: ≤ 128 chars of A-Z a-z 0-9 _ -). */
  jobName: string;
  /**
   * Same token → same job: a redelivered queue message must not start a second job. The local
   * runner enforces it atomically; on AWS it is a tag checked before SubmitJob (see the AWS
   * backend for the exact guarantee).
   */
  idempotencyToken: string;
  /** Kill an attempt after this many seconds (AWS minimum 60). */
  timeoutSeconds?: number;
  /** Attempts per child including the first (1-10). */
  attempts?: number;
  /** Extra tags (AWS: propagated to ECS tasks for cost allocation). */
  tags?: Record<string, string>;
}

export interface SubmitResult {
  backendJobId: string;
  /** True when the idempotency token matched an existing job and nothing new was started. */
  deduplicated: boolean;
}

/** AWS Batch's states, lower-cased; the local runner uses the same. */
export const BACKEND_JOB_STATES = ["submitted", "pending", "runnable", "starting", "running", "succeeded", "failed"] as const;
export type BackendJobState = (typeof BACKEND_JOB_STATES)[number];

export interface ArrayProgress {
  size: number;
  /** Children per state. */
  byState: Partial<Record<BackendJobState, number>>;
}

export interface BackendJobStatus {
  backendJobId: string;
  jobName: string;
  state: BackendJobState;
  statusReason?: string;
  /** Exit code of the last attempt (single jobs and children only). */
  exitCode?: number;
  /** Attempts made so far. */
  attempts: number;
  /** Present for array parents. */
  array?: ArrayProgress;
  createdAt?: string;
  startedAt?: string;
  stoppedAt?: string;
}

/**
 * Whether a job has ended on the backend for at least `quietSeconds` (so its last events and
 * uploads, sent before the process exited, have been applied). An ended job without stoppedAt
 * counts as ended long ago.
 */
export function hasEndedFor(status: BackendJobStatus, quietSeconds: number, nowMs: number): boolean {
  if (status.state !== "succeeded" && status.state !== "failed") return false;
  return status.stoppedAt === undefined || Date.parse(status.stoppedAt) <= nowMs - quietSeconds * 1000;
}

/** One line for a partner-visible error message: "failed, exit 137: killed by signal 9". */
export function describeEnd(status: BackendJobStatus): string {
  const exit = status.exitCode !== undefined ? `, exit ${status.exitCode}` : "";
  return `${status.state}${exit}${status.statusReason ? `: ${status.statusReason}` : ""}`;
}

export interface BatchBackend {
  /** Starts a job (array when arraySize ≥ 2). Throws BackendError on refusal. */
  submit(request: SubmitRequest): Promise<SubmitResult>;
  /** Status of known jobs; unknown ids are simply absent from the result. */
  describe(backendJobIds: readonly string[]): Promise<BackendJobStatus[]>;
  /** Stops a job (and all its children); idempotent; `reason` is recorded with the job. */
  cancel(backendJobId: string, reason: string): Promise<void>;
}

export type BackendErrorCode =
  /** The request is wrong (spec invalid, bad name, array too large): do not retry. */
  | "invalid_request"
  /** Backend unreachable, throttled or 5xx: retry later with backoff. */
  | "unavailable"
  /** Backend answered but refused for a reason a retry will not fix (permissions, missing queue). */
  | "rejected";

export class BackendError extends Error {
  override readonly name = "BackendError";
  constructor(
    readonly code: BackendErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Whether the queue consumer should retry the message. */
  get retryable(): boolean {
    return this.code === "unavailable";
  }
}

/** AWS job-name rule, applied by both backends so local behaves like the cloud. */
export const JOB_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
export const MAX_ARRAY_SIZE = 10_000;
