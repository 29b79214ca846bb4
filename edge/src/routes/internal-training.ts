/**
 * GET /internal/v1/training/reports.jsonl?limit=N — the fine-tune's partner prompts, one
 * `{"text": …}` line per distinct canonical report of an opted-in partner, most recent first.
 * HMAC-signed like the rest of the internal API (the signature covers the query).
 */
import { Hono } from "hono";
import { MAX_TRAINING_REPORTS, type TrainingReportLine } from "../../../shared/api/index.js";
import type { AppEnv } from "../app-env.js";
import { EDGE_CONFIG } from "../config.js";
import { ApiError } from "../errors.js";
import { verifyInternalSignature } from "../middleware/internal-signature.js";
import { listTrainingReports } from "../storage/training-reports.js";

const signed = verifyInternalSignature({ toleranceSeconds: EDGE_CONFIG.internalSignatureToleranceSeconds, maxBodyBytes: EDGE_CONFIG.maxInternalJsonBodyBytes });

function limitOf(raw: string | undefined): number {
  if (raw === undefined) return EDGE_CONFIG.trainingExportDefaultLimit;
  const limit = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || limit < 1 || limit > MAX_TRAINING_REPORTS) throw new ApiError(400, "invalid_limit", `limit must be an integer 1-${MAX_TRAINING_REPORTS}.`);
  return limit;
}

export const internalTrainingRoutes = new Hono<AppEnv>().get("/internal/v1/training/reports.jsonl", signed, async (c) => {
  const texts = await listTrainingReports(c.env.DB, limitOf(c.req.query("limit")));
  const body = texts.map((text) => JSON.stringify({ text } satisfies TrainingReportLine) + "\n").join("");
  return new Response(body, { headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" } });
});
