/**
 * Internal API for the batch side (never for partners): job events, result uploads and the
 * reports of large jobs. Every call is HMAC-signed (middleware/internal-signature.ts) except the
 * reports download, which uses a signed URL handed out in the job spec.
 */
import { Hono } from "hono";
import { resultManifestLineSchema } from "../../../shared/api/index.js";
import { fromBase64Url, MANIFEST_HEADER } from "../../../shared/crypto/index.js";
import { jobEventSchema } from "../../../shared/jobs/index.js";
import type { AppEnv } from "../app-env.js";
import { verifySignedPath } from "../auth/signed-url.js";
import { EDGE_CONFIG } from "../config.js";
import { ApiError } from "../errors.js";
import { nowSeconds } from "../ids.js";
import { applyJobEvent } from "../ingest/apply-event.js";
import { ingestItem } from "../ingest/ingest-item.js";
import { verifyInternalSignature } from "../middleware/internal-signature.js";
import { readSignedJson } from "../middleware/json-body.js";
import { requireSecret } from "../secrets.js";
import { pageDatasetReports } from "../storage/datasets.js";
import { getJob } from "../storage/jobs.js";
import { pagedJsonlStream } from "./jsonl-stream.js";
import { issueList } from "../../../shared/validation/format-issues.js";

const signed = verifyInternalSignature({ toleranceSeconds: EDGE_CONFIG.internalSignatureToleranceSeconds, maxBodyBytes: EDGE_CONFIG.maxUploadBytes });

async function jobOr404(db: D1Database, id: string) {
  const job = await getJob(db, id);
  if (!job) throw new ApiError(404, "job_not_found", `No job ${id}.`);
  return job;
}

function decodeManifest(header: string | undefined): unknown {
  if (!header) throw new ApiError(400, "manifest_missing", `Send the manifest line as base64url JSON in the ${MANIFEST_HEADER} header.`);
  const bytes = fromBase64Url(header);
  try {
    if (!bytes) throw new Error("not base64url");
    return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw new ApiError(400, "manifest_invalid", `${MANIFEST_HEADER} must be base64url-encoded JSON.`);
  }
}

export const internalRoutes = new Hono<AppEnv>()
  .post("/internal/v1/jobs/:jobId/events", signed, async (c) => {
    const event = readSignedJson(c, jobEventSchema, { invalidCode: "event_invalid", subject: "job event" });
    if (event.jobId !== c.req.param("jobId")) throw new ApiError(400, "event_job_mismatch", "The event's jobId differs from the URL's.");
    const job = await jobOr404(c.env.DB, event.jobId);
    const applied = await applyJobEvent(c.env, job, event);
    return c.json({ applied });
  })
  .put("/internal/v1/jobs/:jobId/items/:itemIndex", signed, async (c) => {
    const itemIndex = Number(c.req.param("itemIndex"));
    if (!/^\d{1,9}$/.test(c.req.param("itemIndex"))) throw new ApiError(400, "item_index_invalid", "itemIndex must be a non-negative integer.");
    const parsed = resultManifestLineSchema.safeParse(decodeManifest(c.req.header(MANIFEST_HEADER)));
    if (!parsed.success) {
      throw new ApiError(400, "manifest_invalid", "The manifest line does not match the schema.", { errors: issueList(parsed.error, "") });
    }
    const job = await jobOr404(c.env.DB, c.req.param("jobId"));
    const result = await ingestItem(c.env, job, { itemIndex, line: parsed.data, contentType: c.req.header("content-type") ?? "", bytes: c.get("rawBody") });
    return c.json(result, result.applied ? 201 : 200);
  })
  .get("/internal/v1/jobs/:jobId/reports.jsonl", async (c) => {
    const path = new URL(c.req.url).pathname;
    const check = await verifySignedPath(requireSecret(c.env, "URL_SIGNING_SECRET"), path, c.req.query("expires"), c.req.query("signature"), nowSeconds());
    if (!check.ok) throw new ApiError(403, check.code, check.message);
    const job = await jobOr404(c.env.DB, c.req.param("jobId"));
    if (job.refKind !== "dataset") throw new ApiError(404, "job_not_found", "Only dataset jobs have a reports file.");
    const db = c.env.DB;
    const stream = pagedJsonlStream(async (from) => {
      const page = await pageDatasetReports(db, job.refId, from, 500);
      return { lines: page.map((r) => ({ id: `r${r.reportIndex}`, text: r.text })), next: page.length === 500 ? page.at(-1)!.reportIndex + 1 : null };
    });
    return new Response(stream, { headers: { "content-type": "application/x-ndjson" } });
  });
