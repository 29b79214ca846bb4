import { Hono } from "hono";
import { SERVICE_VERSION } from "../../../shared/version.js";
import { probeBucket, probeDatabase, type BindingState } from "../storage/health-probes.js";

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
