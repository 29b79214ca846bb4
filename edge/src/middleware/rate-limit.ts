import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.js";
import { ApiError } from "../errors.js";
import type { BucketRule } from "../rate-limit/rate-limiter.js";
import { takeToken } from "../storage/rate-limits.js";

export interface RateLimitOptions {
  /** Bucket for anonymous demo clients (keyed by IP). */
  demo: BucketRule;
  /** Bucket for partners (keyed by partner id). */
  partner: BucketRule;
}

/** Token-bucket rate limit per client through the RateLimiter Durable Object; 429 with Retry-After. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async function rateLimitMiddleware(c, next) {
    const principal = c.get("principal");
    const key = principal.kind === "partner" ? `partner:${principal.partnerId}` : `ip:${principal.clientIp}`;
    const rule = principal.kind === "partner" ? options.partner : options.demo;
    const decision = await takeToken(c.env.RATE_LIMITER, key, rule);
    c.header("RateLimit-Limit", String(rule.capacity));
    c.header("RateLimit-Remaining", String(Math.max(0, Math.floor(decision.remaining))));
    if (!decision.allowed) {
      c.header("Retry-After", String(decision.retryAfterSeconds));
      throw new ApiError(429, "rate_limited", `Too many requests; retry in ${decision.retryAfterSeconds} s.`, { retryAfterSeconds: decision.retryAfterSeconds });
    }
    await next();
  };
}
