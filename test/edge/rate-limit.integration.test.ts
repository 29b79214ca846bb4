import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EDGE_CONFIG } from "../../edge/src/config.js";
import type { RateLimiter } from "../../edge/src/rate-limit/rate-limiter.js";
import { call, freshIp, json, REPORT } from "./helpers/api.js";

describe("RateLimiter Durable Object", () => {
  it("is a token bucket: burst up to capacity, then refill over time", async () => {
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName("unit:bucket"));
    await runInDurableObject(stub, (limiter: RateLimiter) => {
      const rule = { capacity: 3, refillPerSecond: 1 };
      const t0 = 1_000_000;
      expect([0, 0, 0, 0].map(() => limiter.take(rule, t0).allowed)).toEqual([true, true, true, false]);
      expect(limiter.take(rule, t0).retryAfterSeconds).toBe(1);
      expect(limiter.take(rule, t0 + 1000).allowed).toBe(true);
      expect(limiter.take(rule, t0 + 1000).allowed).toBe(false);
      expect(limiter.take(rule, t0 + 60_000).remaining).toBe(2);
    });
  });

  it("counts a daily allowance per UTC day, persisted", async () => {
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName("unit:daily"));
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push(await stub.consumeDaily("2026-01-01", 2));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    expect((await stub.consumeDaily("2026-01-02", 2)).allowed).toBe(true);
  });
});

describe("public demo limits over HTTP", () => {
  it("answers 429 with Retry-After once an IP exhausts its burst", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i <= EDGE_CONFIG.demoRateLimit.capacity; i++) {
      statuses.push((await call("/v1/generations", json({ report: REPORT, seed: 5000 + i }, ip))).status);
    }
    expect(statuses.slice(0, EDGE_CONFIG.demoRateLimit.capacity).every((s) => s === 202)).toBe(true);
    const limited = await call("/v1/generations", json({ report: REPORT }, ip));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limited" } });
    // Another IP is unaffected.
    expect((await call("/v1/generations", json({ report: REPORT, seed: 1 }, freshIp()))).status).toBe(202);
  });

  it("ends the daily free allowance with 402 and says paid credits are off", async () => {
    const ip = freshIp();
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`ip:${ip["cf-connecting-ip"]}`));
    const today = new Date().toISOString().slice(0, 10);
    for (let i = 0; i < EDGE_CONFIG.demoDailyAllowance; i++) await stub.consumeDaily(today, EDGE_CONFIG.demoDailyAllowance);
    const res = await call("/v1/generations", json({ report: REPORT, seed: 77 }, ip));
    expect(res.status).toBe(402);
    expect(await res.json()).toMatchObject({ error: { code: "demo_allowance_exhausted", details: { payments: "disabled" } } });
  });
});
