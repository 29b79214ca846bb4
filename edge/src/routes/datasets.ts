import { Hono } from "hono";
import { datasetRequestSchema, MAX_DATASET_IMAGES } from "../../../shared/api/index.js";
import { PHANTOM_SIMULATOR_VERSION } from "../../../shared/model/phantom-simulator.js";
import { validateReport, type ParsedReport } from "../../../shared/report/index.js";
import type { AppEnv } from "../app-env.js";
import { ownerOf, type Principal } from "../auth/principal.js";
import { EDGE_CONFIG } from "../config.js";
import { manifestStream } from "../datasets/manifest.js";
import { synthesiseReports } from "../datasets/spec-reports.js";
import { ApiError } from "../errors.js";
import { nowSeconds } from "../ids.js";
import { cancelDataset, submitDataset } from "../lifecycle/dataset.js";
import { authenticate } from "../middleware/authenticate.js";
import { limitBodySize } from "../middleware/body-limit.js";
import { requireContentType } from "../middleware/content-type.js";
import { idempotency } from "../middleware/idempotency.js";
import { readJson } from "../middleware/json-body.js";
import { servingModelVersion } from "../model/production-version.js";
import { rateLimit } from "../middleware/rate-limit.js";
import { backendFromEnv } from "../queue/backends.js";
import { requireSecret } from "../secrets.js";
import { getDataset, listDatasets, type Dataset, type DatasetReport } from "../storage/datasets.js";
import { datasetView } from "./views.js";

function validateAll(inputs: unknown[]): ParsedReport[] {
  const parsed: ParsedReport[] = [];
  const errors: Array<{ index: number; code: string; message: string }> = [];
  inputs.forEach((input, index) => {
    const result = validateReport(input);
    if (result.ok) parsed.push(result.report);
    else for (const e of result.errors) errors.push({ index, code: e.code, message: e.message });
  });
  if (errors.length > 0) {
    const indices = [...new Set(errors.map((e) => e.index))];
    throw new ApiError(422, "reports_invalid", `${indices.length} report(s) are invalid, at indices ${indices.slice(0, 20).join(", ")}${indices.length > 20 ? ", …" : ""}.`, { errors: errors.slice(0, 1000) });
  }
  return parsed;
}

function checkWebhookUrl(url: string | undefined, env: Env): string | null {
  if (url === undefined) return null;
  const parsed = new URL(url);
  const localHttp = env.ENVIRONMENT === "local" && parsed.protocol === "http:";
  if (parsed.protocol !== "https:" && !localHttp) throw new ApiError(400, "webhook_url_invalid", "webhookUrl must be an https:// URL.");
  return parsed.toString();
}

async function ownDataset(db: D1Database, principal: Principal, id: string): Promise<Dataset> {
  const dataset = await getDataset(db, id);
  // Another tenant's dataset is indistinguishable from a missing one.
  if (!dataset || dataset.partnerId !== ownerOf(principal)) throw new ApiError(404, "dataset_not_found", "No dataset with this id belongs to you.");
  return dataset;
}

const partnerOnly = authenticate({ scope: "datasets", allowDemo: false });

export const datasetRoutes = new Hono<AppEnv>()
  .post(
    "/v1/datasets",
    limitBodySize({ maxBytes: EDGE_CONFIG.maxDatasetBodyBytes }),
    requireContentType({ accept: ["application/json"] }),
    partnerOnly,
    rateLimit({ demo: EDGE_CONFIG.demoRateLimit, partner: EDGE_CONFIG.partnerRateLimit }),
    idempotency({ header: "idempotency-key" }),
    async (c) => {
      const body = await readJson(c, datasetRequestSchema);
      if ([body.reports, body.spec, body.phantom].filter((given) => given !== undefined).length !== 1) {
        throw new ApiError(400, "invalid_request", "Give exactly one of reports (a list of report texts), spec (count and label distribution) or phantom (count of simulated films).");
      }
      if (body.phantom && body.samplesPerReport !== 1) {
        throw new ApiError(400, "invalid_request", "samplesPerReport does not apply to phantom orders (each film is one seed); leave it out or set it to 1.");
      }
      // The schema filled in shared/sampler's defaults for absent fields.
      const { seed, samplesPerReport, steps, guidance, size, format } = body;
      // Phantom films bring their own reports with their upload; the other orders are validated now.
      const texts = body.phantom ? [] : (body.reports ?? synthesiseReports(body.spec!, seed).map((r) => r.text));
      const parsed = validateAll(texts);
      const total = body.phantom ? body.phantom.count : parsed.length * samplesPerReport;
      if (total > MAX_DATASET_IMAGES) throw new ApiError(400, "dataset_too_large", `This order has ${total} images; the maximum is ${MAX_DATASET_IMAGES}. Split it into several datasets.`);
      const webhookUrl = checkWebhookUrl(body.webhookUrl, c.env);
      const principal = c.get("principal");
      if (principal.kind !== "partner") throw new ApiError(401, "api_key_required", "Datasets need an API key.");
      const reports: DatasetReport[] = parsed.map((report, reportIndex) => ({
        reportIndex,
        text: texts[reportIndex] as string,
        findings: { labels: report.labels, view: report.view, canonical: report.canonical },
      }));
      const dataset = await submitDataset(c.env, {
        principal,
        total,
        settings: {
          samplesPerReport, seed, steps, guidance, size, format,
          modelVersion: body.phantom ? PHANTOM_SIMULATOR_VERSION : await servingModelVersion(c.env),
          reportCount: body.phantom ? total : parsed.length,
          source: body.phantom ? "phantom" : body.reports ? "reports" : "spec",
        },
        webhookUrl,
        reports,
        now: new Date(),
      });
      c.header("Location", `/v1/datasets/${dataset.id}`);
      return c.json(datasetView(dataset, new URL(c.req.url).origin, Date.now()), 202);
    },
  )
  .get("/v1/datasets", partnerOnly, async (c) => {
    const rows = await listDatasets(c.env.DB, ownerOf(c.get("principal")), 100);
    return c.json({ datasets: rows.map((d) => datasetView(d, new URL(c.req.url).origin, Date.now())) });
  })
  .get("/v1/datasets/:id", partnerOnly, async (c) => {
    const dataset = await ownDataset(c.env.DB, c.get("principal"), c.req.param("id"));
    return c.json(datasetView(dataset, new URL(c.req.url).origin, Date.now()));
  })
  .delete("/v1/datasets/:id", partnerOnly, async (c) => {
    const dataset = await ownDataset(c.env.DB, c.get("principal"), c.req.param("id"));
    const cancelled = await cancelDataset(c.env, dataset);
    if (!cancelled) throw new ApiError(409, "dataset_not_cancellable", `The dataset is already ${dataset.status}.`);
    const { backendJobId } = cancelled;
    if (backendJobId) c.executionCtx.waitUntil(backendFromEnv(c.env).cancel(backendJobId, "cancelled by the partner").catch((err: unknown) => console.warn("backend cancel failed", err)));
    return c.json(datasetView(cancelled.dataset, new URL(c.req.url).origin, Date.now()));
  })
  .get("/v1/datasets/:id/manifest", partnerOnly, async (c) => {
    const dataset = await ownDataset(c.env.DB, c.get("principal"), c.req.param("id"));
    const stream = manifestStream(c.env.DB, dataset, {
      origin: new URL(c.req.url).origin,
      urlSigningSecret: requireSecret(c.env, "URL_SIGNING_SECRET"),
      expires: nowSeconds() + EDGE_CONFIG.signedUrlTtlSeconds,
    });
    return new Response(stream, { headers: { "content-type": "application/x-ndjson", "cache-control": "private, no-store" } });
  });
