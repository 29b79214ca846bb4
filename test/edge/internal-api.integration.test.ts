import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createPartner, json, partnerCredits, REPORT } from "./helpers/api.js";
import { fakePng, postEvent, RecordingBackend, runConsumer, send, signedInternal, statusEvent, uploadItem } from "./helpers/batch.js";

async function submittedGeneration(seed: number, credits = 100) {
  const partner = await createPartner({ credits });
  const created = (await (await call("/v1/generations", json({ report: REPORT, seed }, partner.auth))).json()) as { id: string; contentKey: string };
  await runConsumer([{ type: "generation", generationId: created.id }], { backend: new RecordingBackend() });
  return { partner, id: created.id, jobId: `job_${created.id}`, key: created.contentKey };
}

const manifest = (seed: number, extra: Record<string, unknown> = {}) => ({ itemIndex: 0, seed, format: "png", modelVersion: env.MODEL_VERSION, ...extra });

describe("internal API signatures", () => {
  it("rejects missing, malformed, wrongly keyed and stale signatures", async () => {
    const { jobId } = await submittedGeneration(2001);
    const path = `/internal/v1/jobs/${jobId}/events`;
    const body = JSON.stringify(statusEvent(jobId, { state: "started" }));
    const unsigned = await send(new Request(`http://edge.test${path}`, { method: "POST", body }));
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: { code: "signature_missing" } });
    const malformed = await send(new Request(`http://edge.test${path}`, { method: "POST", body, headers: { "x-cxr-signature": "t=1" } }));
    expect(await malformed.json()).toMatchObject({ error: { code: "signature_malformed" } });
    const wrongKey = await send(await signedInternal("POST", path, body, {}, { secret: "not-the-secret" }));
    expect(await wrongKey.json()).toMatchObject({ error: { code: "signature_mismatch" } });
    const stale = await send(await signedInternal("POST", path, body, {}, { timestamp: Math.floor(Date.now() / 1000) - 301 }));
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ error: { code: "signature_stale" } });
    const otherPath = await signedInternal("POST", path, body);
    const moved = await send(new Request(otherPath.url.replace("/events", "/events?x=1"), { method: "POST", body, headers: otherPath.headers }));
    expect(await moved.json()).toMatchObject({ error: { code: "signature_mismatch" } });
  });

  it("rejects an exact replay of an accepted request", async () => {
    const { jobId } = await submittedGeneration(2002);
    const request = await signedInternal("POST", `/internal/v1/jobs/${jobId}/events`, JSON.stringify(statusEvent(jobId, { state: "started" })));
    const replay = request.clone();
    expect((await send(request)).status).toBe(200);
    const second = await send(replay);
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: { code: "signature_replayed" } });
  });
});

describe("internal API events and uploads", () => {
  it("applies each event once and moves the generation to running", async () => {
    const { partner, id, jobId } = await submittedGeneration(2003);
    const event = statusEvent(jobId, { state: "started", seq: 1 });
    const t0 = Math.floor(Date.now() / 1000);
    expect(await (await postEvent(jobId, event, t0)).json()).toEqual({ applied: true });
    // A redelivered event (re-signed at another second, so not a replay) is recognised and ignored.
    expect(await (await postEvent(jobId, event, t0 - 2)).json()).toEqual({ applied: false });
    const g = (await (await call(`/v1/generations/${id}`, { headers: partner.auth })).json()) as { status: string };
    expect(g.status).toBe("running");
    const wrongJob = await postEvent(jobId, { ...event, jobId: "job_other" });
    expect(wrongJob.status).toBe(400);
    const unknown = await postEvent("job_nope", statusEvent("job_nope", { state: "started" }));
    expect(unknown.status).toBe(404);
  });

  it("refunds a generation whose job fails for good, but not on a retryable attempt", async () => {
    const { partner, id, jobId } = await submittedGeneration(2004);
    expect(await partnerCredits(partner.id)).toBe(90);
    await postEvent(jobId, statusEvent(jobId, { state: "failed", exitCode: 143, attempt: 1, seq: 2 }));
    expect(((await (await call(`/v1/generations/${id}`, { headers: partner.auth })).json()) as { status: string }).status).toBe("queued");
    await postEvent(jobId, statusEvent(jobId, { state: "failed", exitCode: 65, attempt: 2, seq: 2, errorCode: "invalid_spec", message: "bad spec" }));
    const g = (await (await call(`/v1/generations/${id}`, { headers: partner.auth })).json()) as { status: string; error: { code: string } };
    expect(g).toMatchObject({ status: "failed", error: { code: "invalid_spec" } });
    expect(await partnerCredits(partner.id)).toBe(100);
    // The refunded generation is settled: a late result is refused and charges nothing.
    const late = await uploadItem(jobId, 0, manifest(2004));
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: "job_finished" } });
    expect(await partnerCredits(partner.id)).toBe(100);
  });

  it("checks uploads against the edge's own expectations", async () => {
    const { jobId } = await submittedGeneration(2005);
    const cases: Array<[Record<string, unknown>, Uint8Array | undefined, string]> = [
      [manifest(1), undefined, "seed"],
      [manifest(2005, { contentKey: "0".repeat(64) }), undefined, "contentKey"],
      [manifest(2005, { modelVersion: "9.9.9" }), undefined, "modelVersion"],
      [manifest(2005, { format: "dicom" }), undefined, "format"],
      [manifest(2005), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), "not a PNG"],
    ];
    for (const [line, bytes, fragment] of cases) {
      const res = await uploadItem(jobId, 0, line, bytes);
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("result_rejected");
      expect(body.error.message).toContain(fragment);
    }
    const outOfRange = await uploadItem(jobId, 3, { ...manifest(2005), itemIndex: 3 });
    expect(await outOfRange.json()).toMatchObject({ error: { code: "item_out_of_range" } });
    const badManifest = await send(await signedInternal("PUT", `/internal/v1/jobs/${jobId}/items/0`, fakePng("x"), { "content-type": "image/png" }, { manifest: { nope: true } }));
    expect(await badManifest.json()).toMatchObject({ error: { code: "manifest_invalid" } });
  });

  it("a duplicate upload neither charges twice nor stores twice", async () => {
    const { partner, jobId, key } = await submittedGeneration(2006);
    const t0 = Math.floor(Date.now() / 1000);
    expect((await uploadItem(jobId, 0, manifest(2006), undefined, t0)).status).toBe(201);
    const again = await uploadItem(jobId, 0, manifest(2006), undefined, t0 - 2);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ applied: false, contentKey: key });
    const ledger = await env.DB.prepare("SELECT COUNT(*) AS n FROM usage_ledger WHERE owner = ?").bind(partner.id).first<{ n: number }>();
    expect(ledger?.n).toBe(1);
    const images = await env.DB.prepare("SELECT COUNT(*) AS n FROM images WHERE content_key = ?").bind(key).first<{ n: number }>();
    expect(images?.n).toBe(1);
    expect(await partnerCredits(partner.id)).toBe(90);
  });
});
