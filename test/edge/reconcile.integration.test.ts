import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { reconcile, RECONCILE_CONFIG } from "../../edge/src/maintenance/reconcile.js";
import { call, createPartner, json, REPORT } from "./helpers/api.js";
import { RecordingBackend, runConsumer } from "./helpers/batch.js";

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
