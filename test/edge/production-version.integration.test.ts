/**
 * The production version the edge generates with: announced by the batch side through the signed
 * internal route (compare-and-swap), resolved per order, part of every content key, and pinned by
 * an order so that a later promotion does not change what it gets.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { contentKey } from "../../shared/keys/index.js";
import { parseReport } from "../../shared/report/index.js";
import { call, createPartner, json, REPORT } from "./helpers/api.js";
import { RecordingBackend, runConsumer, send, signedInternal } from "./helpers/batch.js";

const DEPLOYED = env.MODEL_VERSION;
const PATH = `/internal/v1/models/${env.MODEL_NAME}/production`;
const startedAt = Math.floor(Date.now() / 1000);
let calls = 0;
/** Signed internal call; a distinct timestamp each time, so equal bodies are not replays. */
const internal = async (method: string, path: string, body = "") => send(await signedInternal(method, path, body, body ? { "content-type": "application/json" } : {}, { timestamp: startedAt - calls++ }));
const announce = (body: unknown, path = PATH) => internal("PUT", path, JSON.stringify(body));

interface Generated { id: string; contentKey: string; settings: { modelVersion: string } }
async function generate(auth: Record<string, string>, seed: number): Promise<Generated> {
  const res = await call("/v1/generations", json({ report: REPORT, seed }, auth));
  expect(res.status).toBe(202);
  return (await res.json()) as Generated;
}
const keyFor = (modelVersion: string, seed: number) => contentKey({ canonical: parseReport(REPORT).canonical, modelVersion, seed, sampler: { steps: 50, guidance: 4, size: 64 } });

// The stored version is global to the D1 database: leave it as the other test files expect it.
afterEach(async () => {
  await env.DB.prepare("DELETE FROM production_versions").run();
});

describe("GET /internal/v1/models/:name/production", () => {
  it("serves the deployed MODEL_VERSION until a version is announced", async () => {
    const res = await internal("GET", PATH);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ production: { name: env.MODEL_NAME, version: DEPLOYED, source: "deployed", previous: null, updatedAt: null } });
  });

  it("is signed like the rest of the internal API", async () => {
    const res = await send(new Request(`http://edge.test${PATH}`));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "signature_missing" } });
  });
});

describe("PUT /internal/v1/models/:name/production", () => {
  it("moves the version when previous matches, and says what it replaced", async () => {
    const res = await announce({ version: "cxr64-v7", previous: DEPLOYED });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ changed: true, production: { version: "cxr64-v7", source: "announced", previous: DEPLOYED } });
  });

  it("accepts previous: null only while nothing was announced", async () => {
    expect((await announce({ version: "cxr64-v7", previous: null })).status).toBe(200);
    const again = await announce({ version: "cxr64-v8", previous: null });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "production_version_conflict", details: { current: "cxr64-v7" } } });
  });

  it("refuses a stale previous with 409 production_version_conflict and changes nothing", async () => {
    const res = await announce({ version: "cxr64-v8", previous: "cxr64-v0" });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string; details: { current: string } } };
    expect(body.error).toMatchObject({ code: "production_version_conflict", details: { current: DEPLOYED } });
    expect(body.error.message).toContain("announce again");
    expect(await (await internal("GET", PATH)).json()).toMatchObject({ production: { version: DEPLOYED, source: "deployed" } });
  });

  it("treats announcing the version already served as done, whatever previous says (a retry after a lost answer)", async () => {
    expect((await announce({ version: "cxr64-v7", previous: DEPLOYED })).status).toBe(200);
    const retry = await announce({ version: "cxr64-v7", previous: DEPLOYED });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ changed: false, production: { version: "cxr64-v7" } });
  });

  it("moves unconditionally without previous (an operator's re-sync)", async () => {
    expect((await announce({ version: "cxr64-v7" })).status).toBe(200);
    expect(await (await announce({ version: "cxr64-v8" })).json()).toMatchObject({ changed: true, production: { version: "cxr64-v8", previous: "cxr64-v7" } });
  });

  it("validates the body and the model name with stable codes", async () => {
    const alias = await announce({ version: "production alias" });
    expect(alias.status).toBe(400);
    expect(await alias.json()).toMatchObject({ error: { code: "invalid_request", details: { errors: [{ path: "version" }] } } });
    expect(await (await announce({ version: "v2", extra: 1 })).json()).toMatchObject({ error: { code: "invalid_request" } });
    expect(await (await internal("PUT", PATH, "{not json")).json()).toMatchObject({ error: { code: "invalid_json" } });
    const other = await announce({ version: "v2" }, "/internal/v1/models/other-model/production");
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: "model_not_served" } });
    expect(await (await announce({ version: "v2" }, "/internal/v1/models/Bad_Name/production")).json()).toMatchObject({ error: { code: "model_name_invalid" } });
  });
});

describe("orders follow the announced version", () => {
  it("a promotion switches new generations to the new version and key; a rollback switches them back", async () => {
    const partner = await createPartner();
    const before = await generate(partner.auth, 501);
    expect(before.settings.modelVersion).toBe(DEPLOYED);
    expect(before.contentKey).toBe(await keyFor(DEPLOYED, 501));

    expect((await announce({ version: "cxr64-v7", previous: DEPLOYED })).status).toBe(200);
    const promoted = await generate(partner.auth, 501);
    expect(promoted.settings.modelVersion).toBe("cxr64-v7");
    expect(promoted.contentKey).toBe(await keyFor("cxr64-v7", 501));
    expect(promoted.contentKey).not.toBe(before.contentKey);

    expect((await announce({ version: DEPLOYED, previous: "cxr64-v7" })).status).toBe(200);
    const rolledBack = await generate(partner.auth, 501);
    expect(rolledBack.settings.modelVersion).toBe(DEPLOYED);
    expect(rolledBack.contentKey).toBe(before.contentKey);
  });

  it("new datasets are made with the announced version", async () => {
    const partner = await createPartner();
    expect((await announce({ version: "cxr64-v7", previous: DEPLOYED })).status).toBe(200);
    const res = await call("/v1/datasets", json({ reports: [REPORT] }, partner.auth));
    expect(res.status).toBe(202);
    expect(((await res.json()) as { settings: { modelVersion: string } }).settings.modelVersion).toBe("cxr64-v7");
  });

  it("an order keeps the version it was made with, even when submitted after a promotion", async () => {
    const partner = await createPartner();
    const made = await generate(partner.auth, 502);
    expect((await announce({ version: "cxr64-v7", previous: DEPLOYED })).status).toBe(200);
    const backend = new RecordingBackend();
    await runConsumer([{ type: "generation", generationId: made.id }], { backend });
    expect(backend.submitted[0]!.spec).toMatchObject({ model: { name: env.MODEL_NAME, version: DEPLOYED } });
  });
});
