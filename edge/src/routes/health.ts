import { Hono } from "hono";
import { SERVICE_VERSION } from "../../../shared/version.js";

type BindingState = "ok" | "unavailable";

async function probeDatabase(db: D1Database | undefined): Promise<BindingState> {
  if (!db) return "unavailable";
  try {
    const row = await db.prepare("SELECT value FROM service_meta WHERE key = 'schema'").first();
    return row ? "ok" : "unavailable";
  } catch {
    return "unavailable";
  }
}

async function probeBucket(bucket: R2Bucket | undefined): Promise<BindingState> {
  if (!bucket) return "unavailable";
  try {
    await bucket.head("health-probe");
    return "ok";
  } catch {
    return "unavailable";
  }
}

/** GET /health: version and the state of each binding; 503 when one is down. */
export const healthRoutes = new Hono<{ Bindings: Env }>().get("/health", async (c) => {
  const bindings = {
    DB: await probeDatabase(c.env.DB),
    IMAGES: await probeBucket(c.env.IMAGES),
    GENERATION_QUEUE: c.env.GENERATION_QUEUE ? "ok" : "unavailable",
    RATE_LIMITER: c.env.RATE_LIMITER ? "ok" : "unavailable",
  } satisfies Record<string, BindingState>;
  const healthy = Object.values(bindings).every((state) => state === "ok");
  return c.json(
    { status: healthy ? "ok" : "degraded", service: "cxr-synth-edge", version: SERVICE_VERSION, environment: c.env.ENVIRONMENT, bindings },
    healthy ? 200 : 503,
  );
});
