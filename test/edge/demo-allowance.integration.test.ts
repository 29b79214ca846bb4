import { describe, expect, it } from "vitest";
import { EDGE_CONFIG } from "../../edge/src/config.js";
import { call, freshIp, json, REPORT } from "./helpers/api.js";

async function allowance(ip: Record<string, string>) {
  const res = await call("/v1/demo/allowance", { headers: ip });
  expect(res.status).toBe(200);
  return (await res.json()) as { limit: number; used: number; remaining: number; resetsAt: string; payments: string };
}

describe("GET /v1/demo/allowance", () => {
  it("gives a new visitor the whole daily allowance and says payments are off locally", async () => {
    expect(await allowance(freshIp())).toMatchObject({ limit: EDGE_CONFIG.demoDailyAllowance, used: 0, remaining: EDGE_CONFIG.demoDailyAllowance, payments: "disabled" });
  });

  it("counts the visitor's generations", async () => {
    const ip = freshIp();
    expect((await call("/v1/generations", json({ report: REPORT, seed: 5 }, ip))).status).toBe(202);
    expect((await allowance(ip)).remaining).toBe(EDGE_CONFIG.demoDailyAllowance - 1);
  });

  it("counts nothing itself", async () => {
    const ip = freshIp();
    await allowance(ip);
    expect((await allowance(ip)).used).toBe(0);
  });

  it("says when the allowance starts over (the next UTC midnight)", async () => {
    const { resetsAt } = await allowance(freshIp());
    expect(resetsAt).toMatch(/T00:00:00\.000Z$/);
    expect(Date.parse(resetsAt) - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
  });
});
