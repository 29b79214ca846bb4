/**
 * RateLimiter Durable Object: one instance per client key (IP or partner), so its state is
 * strongly consistent without locks. Token bucket (capacity, refill rate) for request rates, and a
 * per-UTC-day counter (persisted) for the demo's free allowance.
 */
import { DurableObject } from "cloudflare:workers";

export interface BucketRule {
  /** Burst size: requests allowed at once. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

export interface BucketDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export interface AllowanceDecision {
  allowed: boolean;
  used: number;
  limit: number;
}

export class RateLimiter extends DurableObject<Env> {
  private tokens: number | null = null;
  private updatedMs = 0;

  /** Takes one token; `nowMs` is passed in so tests can drive time. */
  take(rule: BucketRule, nowMs: number = Date.now()): BucketDecision {
    const elapsed = Math.max(0, nowMs - this.updatedMs) / 1000;
    const current = this.tokens === null ? rule.capacity : Math.min(rule.capacity, this.tokens + elapsed * rule.refillPerSecond);
    this.updatedMs = nowMs;
    if (current >= 1) {
      this.tokens = current - 1;
      return { allowed: true, remaining: this.tokens, retryAfterSeconds: 0 };
    }
    this.tokens = current;
    return { allowed: false, remaining: current, retryAfterSeconds: Math.max(1, Math.ceil((1 - current) / rule.refillPerSecond)) };
  }

  /** Counts one use against a daily allowance; refuses (without counting) once `limit` is reached. */
  consumeDaily(day: string, limit: number): AllowanceDecision {
    const key = `day:${day}`;
    const used = (this.ctx.storage.kv.get<number>(key) ?? 0);
    if (used >= limit) return { allowed: false, used, limit };
    this.ctx.storage.kv.put(key, used + 1);
    return { allowed: true, used: used + 1, limit };
  }

  /** How much of a daily allowance is used, without counting a use (the demo page shows it). */
  peekDaily(day: string): number {
    return this.ctx.storage.kv.get<number>(`day:${day}`) ?? 0;
  }
}
