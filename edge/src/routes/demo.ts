/**
 * GET /v1/demo/allowance — what the public demo page shows a visitor before they generate: free
 * images left today for their IP (the same counter admitDemoImage consumes) and whether paid
 * credits can be bought here. Reading it costs nothing and counts nothing.
 */
import { Hono } from "hono";
import type { DemoAllowanceView } from "../../../shared/api/index.js";
import type { AppEnv } from "../app-env.js";
import { demoDailyAllowance } from "../billing/admission.js";
import { paymentsEnabled } from "../billing/payments.js";
import { dailyAllowanceUsed } from "../storage/rate-limits.js";

function nextUtcMidnight(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
}

export const demoRoutes = new Hono<AppEnv>().get("/v1/demo/allowance", async (c) => {
  const now = new Date();
  const clientIp = c.req.header("cf-connecting-ip") ?? "unknown";
  const limit = demoDailyAllowance(c.env);
  const used = Math.min(limit, await dailyAllowanceUsed(c.env.RATE_LIMITER, `ip:${clientIp}`, now.toISOString().slice(0, 10)));
  c.header("Cache-Control", "no-store");
  const view: DemoAllowanceView = { limit, used, remaining: limit - used, resetsAt: nextUtcMidnight(now), payments: paymentsEnabled(c.env) ? "enabled" : "disabled" };
  return c.json(view);
});
