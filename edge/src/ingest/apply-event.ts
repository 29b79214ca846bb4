/**
 * Applies a job event (shared/jobs/events.ts) once. "started" moves the job and its generation or
 * dataset to running. A shard that ends (succeeded, or failed for good) without uploading some of
 * its items gets those items marked failed, so a dataset always finishes and refunds what it lacks.
 */
import { EDGE_CONFIG } from "../config.js";
import { nowIso } from "../ids.js";
import { failUndeliveredItems, startDataset } from "../lifecycle/dataset.js";
import { failGeneration, startGeneration } from "../lifecycle/generation.js";
import { getDataset } from "../storage/datasets.js";
import { recordJobEvent, type Job } from "../storage/jobs.js";
import { RETRYABLE_EXIT_CODES, shardRange, type JobEvent } from "../../../shared/jobs/index.js";

/** A failed attempt is final when its exit code is not retryable or it was the last attempt. */
function isFinalFailure(event: Extract<JobEvent, { type: "status" }>): boolean {
  const retryable = event.exitCode !== undefined && RETRYABLE_EXIT_CODES.includes(event.exitCode);
  return !retryable || event.attempt >= EDGE_CONFIG.jobAttempts;
}

export async function applyJobEvent(env: Env, job: Job, event: JobEvent): Promise<boolean> {
  const at = nowIso();
  const fresh = await recordJobEvent(env.DB, { jobId: job.id, shardIndex: event.shardIndex, attempt: event.attempt, seq: event.seq, type: event.type, body: JSON.stringify(event), at });
  if (!fresh || event.type !== "status") return fresh;

  if (event.state === "started") {
    if (job.refKind === "generation") await startGeneration(env.DB, job.refId, at);
    else await startDataset(env.DB, job.refId, at);
    return true;
  }
  if (event.state === "failed" && !isFinalFailure(event)) return true;

  if (job.refKind === "generation") {
    await failGeneration(env.DB, job.refId, {
      errorCode: event.errorCode ?? "generation_failed",
      errorMessage: event.message ?? (event.state === "succeeded" ? "The job ended without uploading an image." : "The GPU job failed."),
    }, at);
    return true;
  }
  const dataset = await getDataset(env.DB, job.refId);
  if (!dataset) return true;
  const reports = shardRange(dataset.settings.reportCount, { index: event.shardIndex, count: event.shardCount });
  await failUndeliveredItems(env, dataset, reports, at);
  return true;
}
