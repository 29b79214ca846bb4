/**
 * Whether an accepted request may cost what it costs: the demo's daily free allowance, a partner's
 * monthly quota and prepaid credits. Throws the ApiError the client should see.
 */
import type { Principal } from "../auth/principal.js";
import { EDGE_CONFIG } from "../config.js";
import { ApiError } from "../errors.js";
import { getPartner, reserveCredits } from "../storage/partners.js";
import { consumeDailyAllowance } from "../storage/rate-limits.js";
import { summariseUsage } from "../storage/usage.js";
import { paymentsEnabled } from "./payments.js";

export function monthWindow(now: Date): { from: string; to: string } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { from: from.toISOString(), to: to.toISOString() };
}

/**
 * Free demo images per client IP per UTC day: EDGE_CONFIG's value unless the deployment sets
 * DEMO_DAILY_ALLOWANCE (a whole number; the browser tests use a small one to reach the limit fast).
 */
export function demoDailyAllowance(env: Env): number {
  const configured = Number.parseInt(env.DEMO_DAILY_ALLOWANCE ?? "", 10);
  return Number.isInteger(configured) && configured >= 0 ? configured : EDGE_CONFIG.demoDailyAllowance;
}

/** Demo: counts one image against today's allowance of this client IP. */
export async function admitDemoImage(env: Env, clientIp: string, now: Date): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  const decision = await consumeDailyAllowance(env.RATE_LIMITER, `ip:${clientIp}`, demoDailyAllowance(env), day);
  if (decision.allowed) return;
  const payments = paymentsEnabled(env);
  throw new ApiError(
    402,
    "demo_allowance_exhausted",
    payments
      ? `The free demo allows ${decision.limit} images a day. Buy credits with POST /v1/billing/checkout to continue.`
      : `The free demo allows ${decision.limit} images a day. Paid credits are not enabled on this deployment; come back tomorrow.`,
    { limit: decision.limit, payments: payments ? "enabled" : "disabled" },
  );
}

/** Partner: checks the monthly quota, then takes `credits` from the prepaid balance. */
export async function admitPartnerImages(db: D1Database, principal: Extract<Principal, { kind: "partner" }>, images: number, credits: number, now: Date): Promise<void> {
  const partner = await getPartner(db, principal.partnerId);
  if (!partner) throw new ApiError(401, "api_key_invalid", "The partner of this API key no longer exists.");
  if (partner.monthlyImageQuota !== null) {
    const { from, to } = monthWindow(now);
    const used = (await summariseUsage(db, partner.id, from, to)).images;
    if (used + images > partner.monthlyImageQuota) {
      throw new ApiError(429, "quota_exceeded", `This request needs ${images} images but only ${Math.max(0, partner.monthlyImageQuota - used)} remain in this month's quota of ${partner.monthlyImageQuota}.`, {
        quota: partner.monthlyImageQuota,
        used,
        requested: images,
      });
    }
  }
  if (!(await reserveCredits(db, partner.id, credits))) {
    throw new ApiError(402, "insufficient_credits", `This request costs ${credits} credits; your balance is ${partner.credits}. Buy credits with POST /v1/billing/checkout.`, {
      required: credits,
      balance: partner.credits,
    });
  }
}
