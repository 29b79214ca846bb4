import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createPartner, freshIp, json, partnerCredits, REPORT } from "./helpers/api.js";

const PHI_REPORT = "Patient John Smith, MRN 12345678, seen on 03/14/2024. FINDINGS: There is cardiomegaly.";

async function countRows(table: string): Promise<number> {
  return (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
}

describe("POST /v1/generations", () => {
  it("rejects PHI with 422 and stores nothing", async () => {
    const partner = await createPartner();
    const before = await Promise.all(["generations", "idempotency_keys", "usage_ledger"].map(countRows));
    const res = await call("/v1/generations", json({ report: PHI_REPORT }, { ...partner.auth, "idempotency-key": "phi-1" }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: { errors: Array<{ code: string }> } } };
    expect(body.error.code).toBe("report_contains_phi");
    expect(JSON.stringify(body)).not.toContain("John");
    const after = await Promise.all(["generations", "idempotency_keys", "usage_ledger"].map(countRows));
    expect(after).toEqual(before);
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM generations WHERE report_text LIKE '%Smith%'").first<{ n: number }>();
    expect(stored?.n).toBe(0);
    expect(await partnerCredits(partner.id)).toBe(10_000);
  });

  it("validates sampler settings with field paths", async () => {
    const res = await call("/v1/generations", json({ report: REPORT, steps: 0, size: 100, extra: 1 }, freshIp()));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { errors: Array<{ path: string }> } } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details.errors.map((e) => e.path).sort()).toEqual(expect.arrayContaining(["size", "steps"]));
  });

  it("honours Idempotency-Key: same body replays, other body is refused", async () => {
    const partner = await createPartner();
    const headers = { ...partner.auth, "idempotency-key": "order-7" };
    const first = await call("/v1/generations", json({ report: REPORT, seed: 7 }, headers));
    expect(first.status).toBe(202);
    const firstBody = (await first.json()) as { id: string };
    const retry = await call("/v1/generations", json({ report: REPORT, seed: 7 }, headers));
    expect(retry.status).toBe(202);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { id: string }).id).toBe(firstBody.id);
    expect(await partnerCredits(partner.id)).toBe(10_000 - 10);
    const other = await call("/v1/generations", json({ report: REPORT, seed: 8 }, headers));
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ error: { code: "idempotency_key_reused" } });
    // Keys are per tenant: another partner may use the same key string.
    const partnerB = await createPartner();
    const b = await call("/v1/generations", json({ report: REPORT, seed: 7 }, { ...partnerB.auth, "idempotency-key": "order-7" }));
    expect(((await b.json()) as { id: string }).id).not.toBe(firstBody.id);
  });

  it("keeps tenants apart: no reading, listing or guessing another partner's generations", async () => {
    const a = await createPartner();
    const b = await createPartner();
    const created = (await (await call("/v1/generations", json({ report: REPORT, seed: 99 }, a.auth))).json()) as { id: string };
    expect((await call(`/v1/generations/${created.id}`, { headers: a.auth })).status).toBe(200);
    const asB = await call(`/v1/generations/${created.id}`, { headers: b.auth });
    expect(asB.status).toBe(404);
    expect(await asB.json()).toMatchObject({ error: { code: "generation_not_found" } });
    const asDemo = await call(`/v1/generations/${created.id}`, { headers: freshIp() });
    expect(asDemo.status).toBe(404);
    const listB = (await (await call("/v1/generations", { headers: b.auth })).json()) as { generations: unknown[] };
    expect(listB.generations).toEqual([]);
    const listA = (await (await call("/v1/generations", { headers: a.auth })).json()) as { generations: Array<{ id: string }> };
    expect(listA.generations.map((g) => g.id)).toEqual([created.id]);
    expect((await call("/v1/generations", { headers: freshIp() })).status).toBe(401);
    expect(created.id).toMatch(/^gen_[A-Za-z0-9]{22}$/);
  });

  it("refuses work beyond prepaid credits and the monthly quota", async () => {
    const poor = await createPartner({ credits: 5 });
    const res = await call("/v1/generations", json({ report: REPORT }, poor.auth));
    expect(res.status).toBe(402);
    expect(await res.json()).toMatchObject({ error: { code: "insufficient_credits", details: { required: 10, balance: 5 } } });
    expect(await partnerCredits(poor.id)).toBe(5);

    const capped = await createPartner({ quota: 0 });
    const over = await call("/v1/generations", json({ report: REPORT }, capped.auth));
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ error: { code: "quota_exceeded" } });
  });

  it("serves the public demo without a key, readable by id", async () => {
    const ip = freshIp();
    const res = await call("/v1/generations", json({ report: REPORT, seed: 12345 }, ip));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const read = await call(`/v1/generations/${id}`, { headers: freshIp() });
    expect(read.status).toBe(200);
  });
});
