import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { verifySignatureHeader } from "../../shared/crypto/index.js";
import { itemSeed } from "../../shared/keys/index.js";
import { call, createPartner, json, partnerCredits, REPORT } from "./helpers/api.js";
import { fakeDicom, postEvent, RecordingBackend, runConsumer, statusEvent, uploadItem } from "./helpers/batch.js";

const REPORT_B = "FINDINGS: Portable AP view of the chest. There is cardiomegaly. No pneumothorax.\nIMPRESSION: Cardiomegaly.";

async function manifestLines(id: string, auth: Record<string, string>) {
  const res = await call(`/v1/datasets/${id}/manifest`, { headers: auth });
  expect(res.headers.get("content-type")).toBe("application/x-ndjson");
  return (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as { index: number; status: string; seed: number; files: { png?: string; dicom?: string }; labels: Record<string, number | null> });
}

describe("datasets", () => {
  it("lists the indices of every invalid report", async () => {
    const partner = await createPartner();
    const res = await call("/v1/datasets", json({ reports: [REPORT, "", 42, "Patient Jane Doe, MRN 12345678. There is cardiomegaly."] }, partner.auth));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: { errors: Array<{ index: number; code: string }> } } };
    expect(body.error.code).toBe("reports_invalid");
    expect([...new Set(body.error.details.errors.map((e) => e.index))]).toEqual([1, 2, 3]);
    expect(body.error.details.errors.find((e) => e.index === 3)?.code).toBe("report_contains_phi");
    expect(await partnerCredits(partner.id)).toBe(10_000);
  });

  it("estimates cost, reports progress, streams the manifest with signed URLs and sends a signed webhook", async () => {
    const partner = await createPartner({ credits: 1000 });
    const res = await call("/v1/datasets", json({ reports: [REPORT, REPORT_B], samplesPerReport: 2, seed: 100, format: "both", webhookUrl: "https://partner.example/hooks" }, partner.auth));
    expect(res.status).toBe(202);
    const created = (await res.json()) as { id: string; cost: { credits: number }; progress: { total: number; etaSeconds: number } };
    expect(created.cost.credits).toBe(40);
    expect(created.progress).toMatchObject({ total: 4, done: 0, failed: 0 });
    expect(await partnerCredits(partner.id)).toBe(960);
    await runConsumer([{ type: "dataset", datasetId: created.id }], { backend: new RecordingBackend() });
    const jobId = `job_${created.id}`;

    // Items 0-2 arrive in both formats; item 3's shard ends without it.
    for (const index of [0, 1, 2]) {
      const seed = itemSeed(100, Math.floor(index / 2), index % 2, 2);
      for (const format of ["png", "dicom"] as const) {
        const upload = await uploadItem(jobId, index, { itemIndex: index, seed, format, modelVersion: env.MODEL_VERSION, quality: { diag: 0.5 + index } }, format === "dicom" ? fakeDicom(String(index)) : undefined);
        expect(upload.status).toBe(201);
      }
    }
    const progress = (await (await call(`/v1/datasets/${created.id}`, { headers: partner.auth })).json()) as { status: string; progress: { done: number; failed: number; etaSeconds: number | null } };
    expect(progress).toMatchObject({ status: "running", progress: { done: 3, failed: 0 } });
    expect(progress.progress.etaSeconds).toBeGreaterThanOrEqual(0);

    const deliveries: Array<{ url: string; body: string; signature: string | null }> = [];
    await postEvent(jobId, statusEvent(jobId, { state: "succeeded", exitCode: 0, seq: 9 }));
    const finished = (await (await call(`/v1/datasets/${created.id}`, { headers: partner.auth })).json()) as { status: string; progress: { done: number; failed: number } };
    expect(finished).toMatchObject({ status: "succeeded", progress: { done: 3, failed: 1 } });
    expect(await partnerCredits(partner.id)).toBe(970); // the missing image is refunded

    const delivery = await env.DB.prepare("SELECT id FROM webhook_deliveries WHERE dataset_id = ?").bind(created.id).first<{ id: string }>();
    const sendWebhook = async (url: string, init: RequestInit) => {
      deliveries.push({ url, body: String(init.body), signature: new Headers(init.headers).get("cxr-signature") });
      return new Response(null, { status: deliveries.length === 1 ? 500 : 200 });
    };
    const firstTry = await runConsumer([{ type: "webhook", deliveryId: delivery!.id }], { backend: new RecordingBackend(), sendWebhook });
    expect(firstTry.retryDelays).toEqual([10]); // attempt 1 failed → retry after the base delay
    await runConsumer([{ type: "webhook", deliveryId: delivery!.id }], { backend: new RecordingBackend(), sendWebhook }, 2);
    await runConsumer([{ type: "webhook", deliveryId: delivery!.id }], { backend: new RecordingBackend(), sendWebhook }, 3);
    expect(deliveries).toHaveLength(2); // delivered once; the third message was a no-op
    const sent = deliveries[1]!;
    expect(sent.url).toBe("https://partner.example/hooks");
    const check = await verifySignatureHeader({ secret: partner.webhookSecret, payload: sent.body, header: sent.signature, now: Math.floor(Date.now() / 1000) });
    expect(check.ok).toBe(true);
    expect(JSON.parse(sent.body)).toMatchObject({ type: "dataset.completed", data: { datasetId: created.id, status: "succeeded", done: 3, failed: 1, total: 4 } });

    const lines = await manifestLines(created.id, partner.auth);
    expect(lines.map((l) => [l.index, l.status, l.seed])).toEqual([[0, "done", 100], [1, "done", 101], [2, "done", 102], [3, "failed", 103]]);
    expect(lines[2]!.labels.Cardiomegaly).toBe(1);
    const png = new URL(lines[0]!.files.png!);
    const dicom = new URL(lines[2]!.files.dicom!);
    const download = await call(png.pathname + png.search);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toContain(`${created.id}-0.png`);
    const dcm = await call(dicom.pathname + dicom.search);
    expect(dcm.headers.get("content-type")).toBe("application/dicom");
    const tampered = await call(png.pathname.replace("/0.png", "/1.png") + png.search);
    expect(await tampered.json()).toMatchObject({ error: { code: "url_signature_invalid" } });
    const expired = await call(`${png.pathname}?expires=1&signature=${png.searchParams.get("signature")}`);
    expect(await expired.json()).toMatchObject({ error: { code: "url_expired" } });
    expect((await call(png.pathname)).status).toBe(403);
  });

  it("keeps datasets private to their partner", async () => {
    const a = await createPartner();
    const b = await createPartner();
    const { id } = (await (await call("/v1/datasets", json({ reports: [REPORT] }, a.auth))).json()) as { id: string };
    for (const path of [`/v1/datasets/${id}`, `/v1/datasets/${id}/manifest`]) {
      const res = await call(path, { headers: b.auth });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "dataset_not_found" } });
    }
    expect((await call(`/v1/datasets/${id}`, { method: "DELETE", headers: b.auth })).status).toBe(404);
    expect(((await (await call("/v1/datasets", { headers: b.auth })).json()) as { datasets: unknown[] }).datasets).toEqual([]);
    expect((await call(`/v1/datasets/${id}`)).status).toBe(401);
  });

  it("cancels: refunds undelivered images and refuses later uploads", async () => {
    const partner = await createPartner({ credits: 100 });
    const { id } = (await (await call("/v1/datasets", json({ reports: [REPORT, REPORT_B], seed: 3 }, partner.auth))).json()) as { id: string };
    await runConsumer([{ type: "dataset", datasetId: id }], { backend: new RecordingBackend() });
    await uploadItem(`job_${id}`, 0, { itemIndex: 0, seed: 3, format: "png", modelVersion: env.MODEL_VERSION });
    expect(await partnerCredits(partner.id)).toBe(80);
    const cancelled = await call(`/v1/datasets/${id}`, { method: "DELETE", headers: partner.auth });
    expect(await cancelled.json()).toMatchObject({ status: "cancelled", progress: { done: 1 } });
    expect(await partnerCredits(partner.id)).toBe(90);
    const late = await uploadItem(`job_${id}`, 1, { itemIndex: 1, seed: 4, format: "png", modelVersion: env.MODEL_VERSION });
    expect(await late.json()).toMatchObject({ error: { code: "job_cancelled" } });
    const again = await call(`/v1/datasets/${id}`, { method: "DELETE", headers: partner.auth });
    expect(again.status).toBe(409);
  });

  it("synthesises reports from a label distribution, deterministically", async () => {
    const partner = await createPartner();
    const spec = { count: 12, labels: { Cardiomegaly: 0.5, "Pleural Effusion": 0.25 }, views: { PA: 1, AP: 1 } };
    const first = (await (await call("/v1/datasets", json({ spec, seed: 9 }, partner.auth))).json()) as { id: string; progress: { total: number } };
    const second = (await (await call("/v1/datasets", json({ spec, seed: 9 }, partner.auth))).json()) as { id: string };
    expect(first.progress.total).toBe(12);
    const a = await manifestLines(first.id, partner.auth);
    const b = await manifestLines(second.id, partner.auth);
    expect(a.map((l) => l.labels)).toEqual(b.map((l) => l.labels));
    expect(a.some((l) => l.labels.Cardiomegaly === 1)).toBe(true);
    const both = await call("/v1/datasets", json({ spec, reports: [REPORT] }, partner.auth));
    expect(await both.json()).toMatchObject({ error: { code: "invalid_request" } });
  });
});
