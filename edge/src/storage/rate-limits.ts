/** Access to the RateLimiter Durable Object namespace (one object per client key). */
import type { AllowanceDecision, BucketDecision, BucketRule } from "../rate-limit/rate-limiter.js";

type RateLimiterNamespace = Env["RATE_LIMITER"];

export async function takeToken(ns: RateLimiterNamespace, key: string, rule: BucketRule): Promise<BucketDecision> {
  return ns.get(ns.idFromName(key)).take(rule);
}

export async function consumeDailyAllowance(ns: RateLimiterNamespace, key: string, limit: number, day: string): Promise<AllowanceDecision> {
  return ns.get(ns.idFromName(key)).consumeDaily(day, limit);
}

export async function dailyAllowanceUsed(ns: RateLimiterNamespace, key: string, day: string): Promise<number> {
  return ns.get(ns.idFromName(key)).peekDaily(day);
}
