/**
 * The reconciler settles work whose backend job ended without the edge hearing its end (an
 * attempt SIGKILLed or OOM-killed on its last try sends no event). The backend status used is the
 * one the local runner reports for that case (test/batch-jobs/runner/ended-job.integration.test.ts).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { BackendJobStatus } from "../../shared/jobs/index.js";
import { reconcile, RECONCILE_CONFIG } from "../../edge/src/maintenance/reconcile.js";
import { call, createPartner, json, partnerCredits, REPORT } from "./helpers/api.js";
import { postEvent, RecordingBackend, runConsumer, statusEvent } from "./helpers/batch.js";

const LATER = Date.now() + 2 * RECONCILE_CONFIG.endedQuietSeconds * 1000;

/** What the local runner's describe says of a single job whose last attempt was SIGKILLed. */
function killedOnLastAttempt(backendJobId: string, stoppedAt = new Date().toISOString()): BackendJobStatus {
  return { backendJobId, jobName: "x", state: "failed", exitCode: 137, statusReason: "Exit code 137: killed by signal 9", attempts: 3, stoppedAt };
}

async function runningGeneration(backend: RecordingBackend, seed: number) {
  const partner = await createPartner({ credits: 100 });
  const { id } = (await (await call("/v1/generations", json({ report: REPORT, seed }, partner.auth))).json()) as { id: string };
  await runConsumer([{ type: "generation", generationId: id }], { backend });
  expect((await postEvent(`job_${id}`, statusEvent(`job_${id}`, { state: "started", seq: 0 }))).status).toBeLessThan(300);
  const backendJobId = `backend-${backend.submitted.length}`;
  return { partner, id, backendJobId };
}

const generationView = async (id: string, auth: Record<string, string>) =>
  (await (await call(`/v1/generations/${id}`, { headers: auth })).json()) as { status: string; error: { code: string; message: string } | null };

describe("reconciler: work whose backend job ended", () => {
  it("a generation whose last attempt was SIGKILLed fails with a refund", async () => {
    const backend = new RecordingBackend();
    const { partner, id, backendJobId } = await runningGeneration(backend, 5101);
    expect(await partnerCredits(partner.id)).toBe(90);
    backend.statuses.set(backendJobId, killedOnLastAttempt(backendJobId));

    const report = await reconcile(env, LATER, backend);
    expect(report.settledGenerations).toContain(id);
    const view = await generationView(id, partner.auth);
    expect(view.status).toBe("failed");
    expect(view.error?.code).toBe("job_ended");
    expect(view.error?.message).toContain("exit 137");
    expect(await partnerCredits(partner.id)).toBe(100);
    const job = await env.DB.prepare("SELECT status FROM jobs WHERE id = ?").bind(`job_${id}`).first<{ status: string }>();
    expect(job?.status).toBe("failed");
  });

  it("a second run changes nothing (no second refund)", async () => {
    const backend = new RecordingBackend();
    const { partner, id, backendJobId } = await runningGeneration(backend, 5102);
    backend.statuses.set(backendJobId, killedOnLastAttempt(backendJobId));
    await reconcile(env, LATER, backend);
    const again = await reconcile(env, LATER, backend);
    expect(again.settledGenerations).not.toContain(id);
    expect(await partnerCredits(partner.id)).toBe(100);
  });

  it("a job the backend still runs is left alone", async () => {
    const backend = new RecordingBackend();
    const { partner, id, backendJobId } = await runningGeneration(backend, 5103);
    backend.statuses.set(backendJobId, { backendJobId, jobName: "x", state: "running", attempts: 1 });
    expect((await reconcile(env, LATER, backend)).settledGenerations).not.toContain(id);
    expect((await generationView(id, partner.auth)).status).toBe("running");
  });

  it("a job that ended moments ago is given time for its last events", async () => {
    const backend = new RecordingBackend();
    const { partner, id, backendJobId } = await runningGeneration(backend, 5104);
    backend.statuses.set(backendJobId, killedOnLastAttempt(backendJobId, new Date().toISOString()));
    expect((await reconcile(env, Date.now(), backend)).settledGenerations).not.toContain(id);
    expect((await generationView(id, partner.auth)).status).toBe("running");
  });

  it("a job the backend does not know, or an unreachable backend, settles nothing", async () => {
    const backend = new RecordingBackend();
    const { partner, id } = await runningGeneration(backend, 5105);
    expect((await reconcile(env, LATER, backend)).settledGenerations).not.toContain(id);
    const unreachable = await reconcile(env, LATER);
    expect(unreachable.backendUnavailable).toMatch(/BATCH_BACKEND/);
    expect((await generationView(id, partner.auth)).status).toBe("running");
  });

  it("a dataset whose job ended keeps what was delivered and refunds the rest", async () => {
    const partner = await createPartner({ credits: 1000 });
    const created = (await (await call("/v1/datasets", json({ reports: [REPORT, REPORT], samplesPerReport: 2, seed: 77 }, partner.auth))).json()) as { id: string };
    const backend = new RecordingBackend();
    await runConsumer([{ type: "dataset", datasetId: created.id }], { backend });
    expect(await partnerCredits(partner.id)).toBe(960);
    const backendJobId = `backend-${backend.submitted.length}`;
    backend.statuses.set(backendJobId, { ...killedOnLastAttempt(backendJobId), array: { size: 1, byState: { failed: 1 } } });

    const report = await reconcile(env, LATER, backend);
    expect(report.settledDatasets).toContain(created.id);
    const view = (await (await call(`/v1/datasets/${created.id}`, { headers: partner.auth })).json()) as { status: string; progress: { done: number; failed: number; total: number } };
    expect(view.status).toBe("failed");
    expect(view.progress).toMatchObject({ done: 0, failed: 4, total: 4 });
    expect(await partnerCredits(partner.id)).toBe(1000);
    expect((await reconcile(env, LATER, backend)).settledDatasets).not.toContain(created.id);
    expect(await partnerCredits(partner.id)).toBe(1000);
  });
});
