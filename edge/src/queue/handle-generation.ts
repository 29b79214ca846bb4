/** Submits the GPU job of one queued generation; safe to run twice for the same message. */
import { BackendError, type BatchBackend } from "../../../shared/jobs/index.js";
import { nowIso } from "../ids.js";
import { dispatchGeneration, failGeneration } from "../lifecycle/generation.js";
import { getGeneration } from "../storage/generations.js";
import { ensureJob, markJobSubmitted, recordSubmitFailure } from "../storage/jobs.js";
import { generationSubmitRequest, type SpecContext } from "./job-specs.js";
import { DONE, type MessageOutcome } from "./outcome.js";

export async function handleGenerationMessage(db: D1Database, backend: BatchBackend, ctx: SpecContext, generationId: string): Promise<MessageOutcome> {
  const generation = await getGeneration(db, generationId);
  if (!generation) return { kind: "dead", reason: `generation ${generationId} does not exist` };
  if (generation.status !== "queued") return DONE; // duplicate delivery: already submitted or finished
  const job = await ensureJob(db, { refKind: "generation", refId: generation.id, owner: generation.owner, arraySize: 1, at: nowIso() });
  if (job.backendJobId) {
    await dispatchGeneration(db, generation.id, job.id);
    return DONE;
  }
  try {
    const result = await backend.submit(generationSubmitRequest(ctx, job.id, generation));
    await markJobSubmitted(db, job.id, result.backendJobId, nowIso());
    await dispatchGeneration(db, generation.id, job.id);
    return DONE;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await recordSubmitFailure(db, job.id, message, nowIso());
    if (err instanceof BackendError && !err.retryable) {
      await failGeneration(db, generation, { jobId: job.id, errorCode: "batch_rejected", errorMessage: "The GPU backend refused the job." });
      return { kind: "dead", reason: `backend ${err.code}: ${message}` };
    }
    return { kind: "retry", reason: message };
  }
}
