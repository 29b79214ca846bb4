/** GET /v1/usage — the caller's balance, quota and ledger totals for a period (default: this month). */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { monthWindow } from "../billing/admission.js";
import { ApiError } from "../errors.js";
import { authenticate } from "../middleware/authenticate.js";
import { getPartner } from "../storage/partners.js";
import { summariseUsage } from "../storage/usage.js";

function isoDate(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) throw new ApiError(400, "invalid_date", `${name} must be an ISO-8601 date such as 2026-01-31.`);
  return new Date(time).toISOString();
}

export const usageRoutes = new Hono<AppEnv>().get("/v1/usage", authenticate({ scope: "usage", allowDemo: false }), async (c) => {
  const principal = c.get("principal");
  if (principal.kind !== "partner") throw new ApiError(401, "api_key_required", "Usage needs an API key.");
  const month = monthWindow(new Date());
  const from = isoDate(c.req.query("from"), "from") ?? month.from;
  const to = isoDate(c.req.query("to"), "to") ?? month.to;
  if (from >= to) throw new ApiError(400, "invalid_period", "from must be before to.");
  const partner = await getPartner(c.env.DB, principal.partnerId);
  if (!partner) throw new ApiError(401, "api_key_invalid", "The partner of this API key no longer exists.");
  const usage = await summariseUsage(c.env.DB, partner.id, from, to);
  return c.json({ partnerId: partner.id, credits: partner.credits, monthlyImageQuota: partner.monthlyImageQuota, period: { from, to }, usage });
});
