/**
 * What a job module receives: its validated spec, its shard, the attempt number, and a reporter
 * that writes structured progress lines to the container log and, when configured, sends signed
 * events to the edge's internal API.
 */
import type { CallbackClient } from "../../shared/jobs/callback-client.js";
import type { JobKind, JobSpecByKind } from "../../shared/jobs/kinds.js";
import type { Shard } from "../../shared/jobs/sharding.js";
import type { JobReporter } from "./job-reporter.js";

export interface JobContext<K extends JobKind = JobKind> {
  kind: K;
  spec: JobSpecByKind[K];
  shard: Shard;
  attempt: number;
  backendJobId: string;
  env: Record<string, string | undefined>;
  reporter: JobReporter;
  /** Aborted on SIGTERM (spot reclaim, cancel, timeout): stop at a safe point, keep what was written. */
  signal: AbortSignal;
  /** The edge's internal API when CXR_CALLBACK_URL is set (result uploads); null or absent otherwise. */
  callback?: CallbackClient | null;
}

/** One module per job kind: runs the shard to completion or throws (JobError for known failures). */
export type JobModule<K extends JobKind> = (ctx: JobContext<K>) => Promise<void>;
