/**
 * Phantom (simulated) dataset orders at the edge: validation, the `phantom` array job the consumer
 * submits, result uploads checked against the edge's own seed/key records, exactly-once
 * completion and charging, and the manifest whose reports arrive with the uploads.
 */
import { describe, expect, it } from "vitest";
import { PHANTOM_SIMULATOR_VERSION } from "../../shared/model/phantom-simulator.js";
import { parseJobSpec } from "../../shared/jobs/index.js";
import { phantomContentKey } from "../../shared/keys/index.js";
import { call, createPartner, json, partnerCredits, REPORT, type TestPartner } from "./helpers/api.js";
import { fakePng, postEvent, RecordingBackend, runConsumer, statusEvent, uploadItem } from "./helpers/batch.js";

async function order(partner: TestPartner, body: Record<string, unknown>): Promise<Response> {
  return call("/v1/datasets", json(body, partner.auth));
}

async function submitted(partner: TestPartner, count: number, seed: number) {
  const res = await order(partner, { phantom: { count }, seed, size: 64 });
  expect(res.status).toBe(202);
  const dataset = (await res.json()) as { id: string; progress: { total: number }; settings: { modelVersion: string }; cost: { credits: number } };
  const backend = new RecordingBackend();
  await runConsumer([{ type: "dataset", datasetId: dataset.id }, { type: "dataset", datasetId: dataset.id }], { backend });
  expect(backend.submitted).toHaveLength(1);
  return { dataset, request: backend.submitted[0]!, jobId: `job_${dataset.id}` };
}

async function line(seed: number, index: number, extra: Record<string, unknown> = {}) {
  const itemSeed = seed + index;
  const contentKey = await phantomContentKey({ simulatorVersion: PHANTOM_SIMULATOR_VERSION, seed: itemSeed, size: 64, bitDepth: 16 });
  return { itemIndex: index, seed: itemSeed, contentKey, format: "png", modelVersion: PHANTOM_SIMULATOR_VERSION, report: REPORT, ...extra };
}

async function datasetView(partner: TestPartner, id: string) {
  return (await (await call(`/v1/datasets/${id}`, { headers: partner.auth })).json()) as { status: string; progress: { done: number; failed: number; total: number } };
}

describe("phantom dataset orders", () => {
  it("refuses malformed phantom orders with stable 4xx codes", async () => {
    const partner = await createPartner();
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ phantom: { count: 0 } }, 400, "invalid_request"],
      [{ phantom: { count: 2, views: { PA: 1 } } }, 400, "invalid_request"],
      [{ phantom: { count: 2 }, reports: [REPORT] }, 400, "invalid_request"],
      [{ phantom: { count: 2 }, samplesPerReport: 2 }, 400, "invalid_request"],
      [{ phantom: { count: 2 }, size: 100 }, 400, "invalid_request"],
    ];
    for (const [body, status, code] of cases) {
      const res = await order(partner, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(await partnerCredits(partner.id)).toBe(10_000);
  });

  it("documents the phantom order in the OpenAPI document", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, { post?: unknown }> };
    expect(JSON.stringify(doc.paths["/v1/datasets"]?.post)).toMatch(/"phantom":\{[^}]*"count"/);
  });

  it("submits one phantom array job of 2+ shards whose spec the batch side accepts", async () => {
    const partner = await createPartner();
    const { dataset, request, jobId } = await submitted(partner, 5, 40);
    expect(dataset.progress.total).toBe(5);
    expect(dataset.settings.modelVersion).toBe(PHANTOM_SIMULATOR_VERSION);
    expect(dataset.cost.credits).toBe(50);
    expect(request).toMatchObject({ kind: "phantom", arraySize: 2, idempotencyToken: jobId });
    const parsed = parseJobSpec("phantom", request.spec);
    expect(parsed.ok && parsed.spec).toMatchObject({ jobId, count: 5, seed: 40, size: 64, format: "png", bitDepth: 16 });
  });

  it("ingests each film once, rejects wrong uploads, and serves a complete manifest", async () => {
    const partner = await createPartner({ credits: 100 });
    const seed = 7000;
    const { dataset, jobId } = await submitted(partner, 3, seed);
    expect(await partnerCredits(partner.id)).toBe(70);

    expect((await uploadItem(jobId, 0, await line(seed, 0, { report: undefined }))).status).toBe(422);
    expect((await uploadItem(jobId, 0, await line(seed, 0, { seed: seed + 5 }))).status).toBe(422);
    expect((await uploadItem(jobId, 0, await line(seed, 1, { itemIndex: 0, seed }))).status).toBe(422); // key of another film
    expect((await uploadItem(jobId, 0, await line(seed, 0, { modelVersion: "phantom-0.9" }))).status).toBe(422);
    expect((await uploadItem(jobId, 3, await line(seed, 3))).status).toBe(422);

    for (const index of [2, 0, 1]) {
      const res = await uploadItem(jobId, index, await line(seed, index), fakePng(`phantom-${index}`));
      expect(res.status).toBe(201);
    }
    // A retried shard uploads again (signed at another second), even after the order finished: no second row, image or charge.
    const again = await uploadItem(jobId, 1, await line(seed, 1), fakePng("phantom-1"), Math.floor(Date.now() / 1000) - 2);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { applied: boolean }).applied).toBe(false);

    expect(await datasetView(partner, dataset.id)).toMatchObject({ status: "succeeded", progress: { done: 3, failed: 0, total: 3 } });
    expect(await partnerCredits(partner.id)).toBe(70);

    const manifest = await call(`/v1/datasets/${dataset.id}/manifest`, { headers: partner.auth });
    const lines = (await manifest.text()).trim().split("\n").map((l) => JSON.parse(l) as { index: number; seed: number; status: string; report: string; labels: Record<string, number | null>; files: { png?: string } });
    expect(lines.map((l) => [l.index, l.seed, l.status])).toEqual([[0, seed, "done"], [1, seed + 1, "done"], [2, seed + 2, "done"]]);
    expect(lines[0]!.report).toBe(REPORT);
    expect(lines[0]!.labels["Pleural Effusion"]).toBe(1);
    const file = await call(new URL(lines[2]!.files.png!).pathname + new URL(lines[2]!.files.png!).search);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(fakePng("phantom-2"));
  });

  it("marks the films of a shard that ended without uploading them failed, and refunds them", async () => {
    const partner = await createPartner({ credits: 100 });
    const seed = 9100;
    const { dataset, jobId } = await submitted(partner, 4, seed);
    for (const index of [0, 1]) expect((await uploadItem(jobId, index, await line(seed, index))).status).toBe(201);
    const ended = statusEvent(jobId, { kind: "phantom", shardIndex: 1, shardCount: 2, state: "succeeded", exitCode: 0 });
    expect((await postEvent(jobId, ended)).status).toBe(200);
    expect(await datasetView(partner, dataset.id)).toMatchObject({ status: "succeeded", progress: { done: 2, failed: 2, total: 4 } });
    expect(await partnerCredits(partner.id)).toBe(80);
    const manifest = (await (await call(`/v1/datasets/${dataset.id}/manifest`, { headers: partner.auth })).text()).trim().split("\n");
    expect(manifest.map((l) => (JSON.parse(l) as { status: string }).status)).toEqual(["done", "done", "failed", "failed"]);
  });
});
