/**
 * Partners' training opt-in (GET / PATCH /v1/partner) and the signed training export the
 * fine-tune reads its partner prompts from: a partner that has not opted in contributes nothing.
 */
import { describe, expect, it } from "vitest";
import { call, createPartner, freshIp, json, type TestPartner } from "./helpers/api.js";
import { send, signedInternal } from "./helpers/batch.js";

const startedAt = Math.floor(Date.now() / 1000);
let calls = 0;
/** A valid, PHI-free report unique to `tag`; its canonical text is the lower-cased form. */
const report = (tag: string) => `FINDINGS: Mild cardiomegaly. No pleural effusion. Note ${tag}. IMPRESSION: Mild cardiomegaly.`;
const canonical = (tag: string) => `findings: mild cardiomegaly. no pleural effusion. note ${tag}.\nimpression: mild cardiomegaly.`;

async function exported(query = ""): Promise<string[]> {
  const res = await send(await signedInternal("GET", `/internal/v1/training/reports.jsonl${query}`, "", {}, { timestamp: startedAt - calls++ }));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/x-ndjson");
  return (await res.text()).split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { text: string }).text);
}

const optIn = (partner: TestPartner, trainingOptIn: unknown) => call("/v1/partner", json({ trainingOptIn }, partner.auth, "PATCH"));

async function order(partner: TestPartner, tag: string): Promise<void> {
  expect((await call("/v1/generations", json({ report: report(`${tag} generation`) }, partner.auth))).status).toBe(202);
  expect((await call("/v1/datasets", json({ reports: [report(`${tag} dataset`)] }, partner.auth))).status).toBe(202);
}

describe("GET / PATCH /v1/partner", () => {
  it("starts with trainingOptIn off and lets the partner turn it on and off", async () => {
    const partner = await createPartner();
    const initial = await call("/v1/partner", { headers: partner.auth });
    expect(await initial.json()).toMatchObject({ partner: { id: partner.id, trainingOptIn: false, trainingOptInChangedAt: null } });
    const on = await optIn(partner, true);
    expect(on.status).toBe(200);
    const onBody = (await on.json()) as { partner: { trainingOptIn: boolean; trainingOptInChangedAt: string } };
    expect(onBody.partner.trainingOptIn).toBe(true);
    expect(Date.parse(onBody.partner.trainingOptInChangedAt)).not.toBeNaN();
    expect(await (await optIn(partner, false)).json()).toMatchObject({ partner: { trainingOptIn: false } });
  });

  it("validates the body and needs an API key with the billing scope", async () => {
    const partner = await createPartner();
    const invalid = await optIn(partner, "yes");
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: "invalid_request", details: { errors: [{ path: "trainingOptIn" }] } } });
    expect(await (await call("/v1/partner", json({ trainingOptIn: true, credits: 5 }, partner.auth, "PATCH"))).json()).toMatchObject({ error: { code: "invalid_request" } });
    const orderingKey = await createPartner({ scopes: ["generations", "datasets"] });
    const refused = await optIn(orderingKey, true);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "scope_missing", details: { required: "billing" } } });
    expect((await call("/v1/partner", json({ trainingOptIn: true }, freshIp(), "PATCH"))).status).toBe(401);
  });
});

describe("GET /internal/v1/training/reports.jsonl", () => {
  it("exports nothing of a partner that did not opt in; after opting in its reports appear", async () => {
    const partner = await createPartner();
    await order(partner, "oscar");
    expect((await exported("?limit=10000")).filter((t) => t.includes("oscar"))).toEqual([]);
    await optIn(partner, true);
    expect(await exported("?limit=10000")).toEqual(expect.arrayContaining([canonical("oscar generation"), canonical("oscar dataset")]));
    await optIn(partner, false);
    expect((await exported("?limit=10000")).filter((t) => t.includes("oscar"))).toEqual([]);
  });

  it("leaves out demo generations and label-spec orders, and lists each text once, most recent first", async () => {
    const partner = await createPartner();
    await optIn(partner, true);
    expect((await call("/v1/generations", json({ report: report("papa demo") }, freshIp()))).status).toBe(202);
    expect((await call("/v1/datasets", json({ spec: { count: 2, labels: { Cardiomegaly: 1 } } }, partner.auth))).status).toBe(202);
    await order(partner, "quebec");
    await order(partner, "quebec");
    const texts = await exported("?limit=10000");
    expect(texts.filter((t) => t.includes("papa"))).toEqual([]);
    expect(texts.filter((t) => t.includes("quebec")).sort()).toEqual([canonical("quebec dataset"), canonical("quebec generation")]);
    expect(new Set(texts).size).toBe(texts.length);
    // The last order's dataset is the most recent report (and the earlier of two equal texts alphabetically).
    expect(await exported("?limit=1")).toEqual([canonical("quebec dataset")]);
  });

  it("validates limit and is signed", async () => {
    for (const limit of ["0", "10001", "abc", "1.5"]) {
      const res = await send(await signedInternal("GET", `/internal/v1/training/reports.jsonl?limit=${limit}`, "", {}, { timestamp: startedAt - calls++ }));
      expect(res.status, limit).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_limit" } });
    }
    expect((await send(new Request("http://edge.test/internal/v1/training/reports.jsonl"))).status).toBe(401);
  });
});
