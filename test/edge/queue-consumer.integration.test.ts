import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { verifyRequestSignature } from "../../shared/crypto/index.js";
import { BackendError, MAX_INLINE_REPORTS, type SubmitRequest } from "../../shared/jobs/index.js";
import { backoffSeconds } from "../../edge/src/queue/backoff.js";
import { backendFromEnv } from "../../edge/src/queue/backends.js";
import { EDGE_CONFIG } from "../../edge/src/config.js";
import { reconcile, RECONCILE_CONFIG } from "../../edge/src/maintenance/reconcile.js";
import { adminHeaders, call, createPartner, json, partnerCredits, REPORT } from "./helpers/api.js";
import { RecordingBackend, runConsumer } from "./helpers/batch.js";

async function queuedGeneration(auth: Record<string, string>, seed: number): Promise<string> {
  const res = await call("/v1/generations", json({ report: REPORT, seed }, auth));
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function deadLetterFor(messageId: string) {
  return env.DB.prepare("SELECT reason, attempts FROM dead_letters WHERE message_id = ?").bind(messageId).first<{ reason: string; attempts: number }>();
}

describe("queue consumer", () => {
  it("refuses to submit, as retryable, when no backend is usable", async () => {
    const request = { kind: "phantom", spec: { specVersion: 1, kind: "phantom", jobId: "j", outputUri: "file:///tmp/x/", count: 1, seed: 1 }, arraySize: 1, jobName: "j", idempotencyToken: "t" } satisfies SubmitRequest;
    for (const [mode, url, fragment] of [["none", "", "no batch backend"], ["gateway", "", "BATCH_RUNNER_URL"], ["aws", "", "unknown BATCH_BACKEND"]] as const) {
      const error = await backendFromEnv({ ...env, BATCH_BACKEND: mode, BATCH_RUNNER_URL: url }).submit(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).retryable).toBe(true);
      expect((error as BackendError).message).toContain(fragment);
    }
  });

  it("signs every call to the AWS Batch gateway with the internal secret", async () => {
    const seen: Request[] = [];
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      seen.push(new Request(input, init));
      return Response.json({ backendJobId: "aws-1", deduplicated: false });
    });
    try {
      const request = { kind: "phantom", spec: { specVersion: 1, kind: "phantom", jobId: "j", outputUri: "file:///tmp/x/", count: 1, seed: 1 }, arraySize: 1, jobName: "j", idempotencyToken: "t" } satisfies SubmitRequest;
      const result = await backendFromEnv({ ...env, BATCH_BACKEND: "gateway", BATCH_RUNNER_URL: "https://gateway.example" }).submit(request);
      expect(result.backendJobId).toBe("aws-1");
    } finally {
      spy.mockRestore();
    }
    const sent = seen[0]!;
    expect(sent.url).toBe("https://gateway.example/v1/jobs");
    const check = await verifyRequestSignature(env.INTERNAL_HMAC_SECRET ?? "", { method: "POST", pathAndQuery: "/v1/jobs", body: await sent.text() }, sent.headers.get("x-cxr-signature"), Math.floor(Date.now() / 1000));
    expect(check.ok).toBe(true);
  });

  it("backs off exponentially up to a cap", () => {
    expect([1, 2, 3, 4].map((a) => backoffSeconds(a, 10, 60))).toEqual([10, 20, 40, 60]);
  });

  it("never creates a second job for duplicate deliveries, within or across batches", async () => {
    const partner = await createPartner();
    const id = await queuedGeneration(partner.auth, 1001);
    const backend = new RecordingBackend();
    const first = await runConsumer([{ type: "generation", generationId: id }, { type: "generation", generationId: id }], { backend });
    expect(first.explicitAcks.length).toBe(2);
    await runConsumer([{ type: "generation", generationId: id }], { backend }, 2);
    expect(backend.submitted).toHaveLength(1);
    const jobs = await env.DB.prepare("SELECT id, status, backend_job_id FROM jobs WHERE ref_id = ?").bind(id).all();
    expect(jobs.results).toEqual([{ id: `job_${id}`, status: "submitted", backend_job_id: "backend-1" }]);
  });

  it("dead-letters malformed messages with the reason recorded", async () => {
    const result = await runConsumer([{ type: "generation" }, "not an object", { type: "launch-missiles" }], { backend: new RecordingBackend() });
    expect(result.explicitAcks.length).toBe(3);
    const rows = await env.DB.prepare("SELECT reason FROM dead_letters WHERE reason LIKE 'malformed message%'").all<{ reason: string }>();
    expect(rows.results.length).toBeGreaterThanOrEqual(3);
    expect(rows.results.some((r) => r.reason.includes("generationId"))).toBe(true);
    const listed = (await (await call("/admin/v1/dead-letters", { headers: adminHeaders() })).json()) as { deadLetters: Array<{ reason: string; body: string }> };
    expect(listed.deadLetters.some((d) => d.body === '"not an object"' && d.reason.startsWith("malformed message"))).toBe(true);
  });

  it("retries an unavailable backend with backoff, then gives up, fails and refunds", async () => {
    const partner = await createPartner({ credits: 100 });
    const id = await queuedGeneration(partner.auth, 1002);
    expect(await partnerCredits(partner.id)).toBe(90);
    const backend = new RecordingBackend();
    backend.failWith = new BackendError("unavailable", "runner down");
    const retried = await runConsumer([{ type: "generation", generationId: id }], { backend }, 2);
    expect(retried.retryMessages).toHaveLength(1);
    expect(retried.retryDelays).toEqual([backoffSeconds(2)]);
    const last = await runConsumer([{ type: "generation", generationId: id }], { backend }, EDGE_CONFIG.maxQueueAttempts);
    expect(last.explicitAcks.length).toBe(1);
    expect(await deadLetterFor(last.explicitAcks[0]!)).toMatchObject({ reason: expect.stringContaining("runner down"), attempts: EDGE_CONFIG.maxQueueAttempts });
    const g = (await (await call(`/v1/generations/${id}`, { headers: partner.auth })).json()) as { status: string; error: { code: string } };
    expect(g).toMatchObject({ status: "failed", error: { code: "submission_failed" } });
    expect(await partnerCredits(partner.id)).toBe(100);
  });

  it("dead-letters at once when the backend rejects the job for good", async () => {
    const partner = await createPartner({ credits: 100 });
    const id = await queuedGeneration(partner.auth, 1003);
    const backend = new RecordingBackend();
    backend.failWith = new BackendError("invalid_request", "spec.size: too large");
    const result = await runConsumer([{ type: "generation", generationId: id }], { backend });
    expect(result.explicitAcks.length).toBe(1);
    expect(await deadLetterFor(result.explicitAcks[0]!)).toMatchObject({ reason: expect.stringContaining("invalid_request") });
    expect(await partnerCredits(partner.id)).toBe(100);
  });

  it("shards a dataset order into one array job", async () => {
    const partner = await createPartner();
    const reports = Array.from({ length: 40 }, () => REPORT);
    const res = await call("/v1/datasets", json({ reports, samplesPerReport: 2, seed: 5 }, partner.auth));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const backend = new RecordingBackend();
    await runConsumer([{ type: "dataset", datasetId: id }, { type: "dataset", datasetId: id }], { backend });
    expect(backend.submitted).toHaveLength(1);
    const request = backend.submitted[0]!;
    expect(request.arraySize).toBe(Math.ceil(40 / EDGE_CONFIG.reportsPerShard));
    expect(request.spec).toMatchObject({ kind: "generate", samplesPerReport: 2, seed: 5 });
    expect((request.spec as { reports: unknown[] }).reports).toHaveLength(40);
  });

  it("hands large orders to the batch side by a signed reports URL", async () => {
    const partner = await createPartner();
    const reports = Array.from({ length: MAX_INLINE_REPORTS + 1 }, (_, i) => `${REPORT} Comparison ${i}.`);
    const { id } = (await (await call("/v1/datasets", json({ reports }, partner.auth))).json()) as { id: string };
    const backend = new RecordingBackend();
    await runConsumer([{ type: "dataset", datasetId: id }], { backend });
    const spec = backend.submitted[0]!.spec as { reportsUri: string; reports?: unknown };
    expect(spec.reports).toBeUndefined();
    const url = new URL(spec.reportsUri);
    const lines = (await (await call(url.pathname + url.search)).text()).trim().split("\n").map((l) => JSON.parse(l) as { id: string; text: string });
    expect(lines).toHaveLength(reports.length);
    expect(lines[3]).toEqual({ id: "r3", text: reports[3] });
    const tampered = await call(url.pathname + url.search.replace(/signature=[0-9a-f]/, "signature=z"));
    expect(tampered.status).toBe(403);
  });
});

describe("scheduled reconciler", () => {
  it("re-enqueues queued work that never got a job, and only that", async () => {
    const partner = await createPartner();
    const lost = ((await (await call("/v1/generations", json({ report: REPORT, seed: 3001 }, partner.auth))).json()) as { id: string }).id;
    const submitted = ((await (await call("/v1/generations", json({ report: REPORT, seed: 3002 }, partner.auth))).json()) as { id: string }).id;
    await runConsumer([{ type: "generation", generationId: submitted }], { backend: new RecordingBackend() });
    const longAgo = new Date(Date.now() - 2 * RECONCILE_CONFIG.stalledAfterSeconds * 1000).toISOString();
    await env.DB.prepare("UPDATE generations SET created_at = ? WHERE id IN (?, ?)").bind(longAgo, lost, submitted).run();
    await env.DB.prepare("INSERT INTO idempotency_keys (owner, key, request_hash, created_at) VALUES ('x', 'old', 'h', '2000-01-01T00:00:00.000Z')").run();

    const report = await reconcile(env);
    expect(report.requeuedGenerations).toContain(lost);
    expect(report.requeuedGenerations).not.toContain(submitted);
    const old = await env.DB.prepare("SELECT COUNT(*) AS n FROM idempotency_keys WHERE key = 'old'").first<{ n: number }>();
    expect(old?.n).toBe(0);
    // Once the consumer has submitted it, the lost generation is no longer stalled.
    await runConsumer([{ type: "generation", generationId: lost }], { backend: new RecordingBackend() });
    expect((await reconcile(env)).requeuedGenerations).not.toContain(lost);
  });
});
