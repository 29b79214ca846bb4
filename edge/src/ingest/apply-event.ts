/**
 * Applies a job event (shared/jobs/events.ts) once. "started" moves the job and its generation or
 * dataset to running. A shard that ends (succeeded, or failed for good) without uploading some of
 * its items gets those items marked failed, so a dataset always finishes and refunds what it lacks.
 */
import { EDGE_CONFIG } from "../config.js";
import { refundReservation } from "../billing/charges.js";
import { finishDatasetIfComplete } from "../datasets/completion.js";
import { nowIso } from "../ids.js";
import { addDatasetProgress, getDataset, transitionDataset } from "../storage/datasets.js";
import { getGeneration, transitionGeneration } from "../storage/generations.js";
import { failItemRange, recordJobEvent, setJobStatus, type Job } from "../storage/jobs.js";
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
    await setJobStatus(env.DB, job.id, ["created", "submitted"], "running", at);
    if (job.refKind === "generation") await transitionGeneration(env.DB, job.refId, ["queued"], "running", at);
    else await transitionDataset(env.DB, job.refId, ["queued"], "running", at);
    return true;
  }
  if (event.state === "failed" && !isFinalFailure(event)) return true;

  if (job.refKind === "generation") {
    const g = await getGeneration(env.DB, job.refId);
    if (g && g.status !== "succeeded" && (await transitionGeneration(env.DB, g.id, ["queued", "running"], "failed", at, {
      errorCode: event.errorCode ?? "generation_failed",
      errorMessage: event.message ?? (event.state === "succeeded" ? "The job ended without uploading an image." : "The GPU job failed."),
    }))) {
      await setJobStatus(env.DB, job.id, ["created", "submitted", "running"], "failed", at);
      await refundReservation(env.DB, g.owner, g.settings.creditsReserved);
    }
    return true;
  }
  const dataset = await getDataset(env.DB, job.refId);
  if (!dataset || dataset.status === "cancelled") return true;
  const spr = dataset.settings.samplesPerReport;
  const reports = shardRange(dataset.settings.reportCount, { index: event.shardIndex, count: event.shardCount });
  const newlyFailed = await failItemRange(env.DB, job.id, reports.start * spr, reports.end * spr, spr);
  if (newlyFailed > 0) {
    const updated = await addDatasetProgress(env.DB, dataset.id, 0, newlyFailed, at);
    if (updated) await finishDatasetIfComplete(env.DB, env.GENERATION_QUEUE, updated, env.PUBLIC_ORIGIN);
  }
  return true;
}
