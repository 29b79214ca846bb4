import { Hono } from "hono";
import { formatsOf, generationRequestSchema } from "../../../shared/api/index.js";
import { contentKey } from "../../../shared/keys/index.js";
import { validateReport } from "../../../shared/report/index.js";
import type { AppEnv } from "../app-env.js";
import { ownerOf } from "../auth/principal.js";
import { EDGE_CONFIG } from "../config.js";
import { ApiError } from "../errors.js";
import { submitGeneration } from "../lifecycle/generation.js";
import { authenticate } from "../middleware/authenticate.js";
import { limitBodySize } from "../middleware/body-limit.js";
import { requireContentType } from "../middleware/content-type.js";
import { idempotency } from "../middleware/idempotency.js";
import { readJson } from "../middleware/json-body.js";
import { servingModelVersion } from "../model/production-version.js";
import { rateLimit } from "../middleware/rate-limit.js";
import { getGeneration, listGenerations } from "../storage/generations.js";
import { findImages } from "../storage/images.js";
import { generationView } from "./views.js";

/** Rejects a report with 422 and every problem found (PHI: kinds and spans, never the text). */
export function validReport(input: unknown) {
  const result = validateReport(input);
  if (!result.ok) {
    const first = result.errors[0]!;
    throw new ApiError(422, first.code, first.message, { errors: result.errors });
  }
  return result.report;
}

function originOf(url: string): string {
  return new URL(url).origin;
}

export const generationRoutes = new Hono<AppEnv>()
  .post(
    "/v1/generations",
    limitBodySize({ maxBytes: EDGE_CONFIG.maxGenerationBodyBytes }),
    requireContentType({ accept: ["application/json"] }),
    authenticate({ scope: "generations", allowDemo: true }),
    rateLimit({ demo: EDGE_CONFIG.demoRateLimit, partner: EDGE_CONFIG.partnerRateLimit }),
    idempotency({ header: "idempotency-key" }),
    async (c) => {
      const body = await readJson(c, generationRequestSchema);
      const report = validReport(body.report);
      const principal = c.get("principal");
      // The schema filled in shared/sampler's defaults for absent fields.
      const { seed, steps, guidance, size, format } = body;
      const settings = { seed, steps, guidance, size, format, modelVersion: await servingModelVersion(c.env) };
      const key = await contentKey({ canonical: report.canonical, modelVersion: settings.modelVersion, seed: settings.seed, sampler: settings });
      const images = await findImages(c.env.DB, key);
      const cached = formatsOf(settings.format).every((format) => images.some((image) => image.format === format));
      const generation = await submitGeneration(c.env, {
        principal,
        cached,
        contentKey: key,
        reportText: typeof body.report === "string" ? body.report : "",
        findings: { labels: report.labels, view: report.view, canonical: report.canonical },
        settings,
        now: new Date(),
      });
      const view = generationView(generation, originOf(c.req.url), images);
      if (!cached) c.header("Location", `/v1/generations/${generation.id}`);
      return c.json(view, cached ? 200 : 202);
    },
  )
  .get("/v1/generations/:id", authenticate({ scope: "generations", allowDemo: true }), async (c) => {
    const generation = await getGeneration(c.env.DB, c.req.param("id"));
    // Another tenant's record is indistinguishable from a missing one.
    if (!generation || generation.owner !== ownerOf(c.get("principal"))) {
      throw new ApiError(404, "generation_not_found", "No generation with this id belongs to you.");
    }
    const images = generation.status === "succeeded" ? await findImages(c.env.DB, generation.contentKey) : [];
    return c.json(generationView(generation, originOf(c.req.url), images));
  })
  .get("/v1/generations", authenticate({ scope: "generations", allowDemo: false }), async (c) => {
    const limitParam = Number(c.req.query("limit") ?? "50");
    if (!Number.isInteger(limitParam) || limitParam < 1 || limitParam > 200) throw new ApiError(400, "invalid_limit", "limit must be an integer 1-200.");
    const before = c.req.query("before") ?? null;
    const rows = await listGenerations(c.env.DB, ownerOf(c.get("principal")), limitParam, before);
    const origin = originOf(c.req.url);
    return c.json({ generations: rows.map((g) => generationView(g, origin, [])), nextBefore: rows.length === limitParam ? rows.at(-1)!.createdAt : null });
  });
