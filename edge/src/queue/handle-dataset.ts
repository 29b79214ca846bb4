/** Shards a dataset order into one array job and submits it; safe to run twice. */
import { BackendError, MAX_INLINE_REPORTS, type BatchBackend } from "../../../shared/jobs/index.js";
import { signPath } from "../auth/signed-url.js";
import { EDGE_CONFIG } from "../config.js";
import { nowIso, nowSeconds } from "../ids.js";
import { dispatchDataset, failDataset } from "../lifecycle/dataset.js";
import { getDataset, pageDatasetReports } from "../storage/datasets.js";
import { ensureJob, markJobSubmitted, recordSubmitFailure } from "../storage/jobs.js";
import { arraySizeOf, datasetSubmitRequest, phantomSubmitRequest, type SpecContext } from "./job-specs.js";
import { DONE, type MessageOutcome } from "./outcome.js";

export interface DatasetHandlerContext extends SpecContext {
  /** Public origin of this edge, for the signed reports URL of large orders. */
  publicOrigin: string;
  urlSigningSecret: string;
}

export async function handleDatasetMessage(env: Env, backend: BatchBackend, ctx: DatasetHandlerContext, datasetId: string): Promise<MessageOutcome> {
  const db = env.DB;
  const dataset = await getDataset(db, datasetId);
  if (!dataset) return { kind: "dead", reason: `dataset ${datasetId} does not exist` };
  if (dataset.status !== "queued") return DONE; // cancelled, or a duplicate after submission
  const job = await ensureJob(db, { refKind: "dataset", refId: dataset.id, owner: dataset.partnerId, arraySize: arraySizeOf(dataset), at: nowIso() });
  if (!job.backendJobId) {
    try {
      if (dataset.settings.source === "phantom") {
        const result = await backend.submit(phantomSubmitRequest(ctx, job.id, dataset));
        await markJobSubmitted(db, job.id, result.backendJobId, nowIso());
        await dispatchDataset(db, dataset.id, job.id);
        return DONE;
      }
      let reports: { inline: Array<{ id: string; text: string }> } | { uri: string };
      if (dataset.settings.reportCount <= MAX_INLINE_REPORTS) {
        const rows = await pageDatasetReports(db, dataset.id, 0, MAX_INLINE_REPORTS);
        reports = { inline: rows.map((r) => ({ id: `r${r.reportIndex}`, text: r.text })) };
      } else {
        const path = `/internal/v1/jobs/${job.id}/reports.jsonl`;
        reports = { uri: ctx.publicOrigin + (await signPath(ctx.urlSigningSecret, path, nowSeconds() + EDGE_CONFIG.jobInputUrlTtlSeconds)) };
      }
      const result = await backend.submit(datasetSubmitRequest(ctx, job.id, dataset, reports));
      await markJobSubmitted(db, job.id, result.backendJobId, nowIso());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await recordSubmitFailure(db, job.id, message, nowIso());
      if (err instanceof BackendError && !err.retryable) {
        await failDataset(env, dataset, { jobId: job.id, reason: `the backend refused the job (${err.code})` });
        return { kind: "dead", reason: `backend ${err.code}: ${message}` };
      }
      return { kind: "retry", reason: message };
    }
  }
  await dispatchDataset(db, dataset.id, job.id);
  return DONE;
}
