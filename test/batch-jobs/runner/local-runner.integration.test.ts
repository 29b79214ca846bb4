import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { LocalRunner } from "../../../batch-jobs/runner/local-runner.js";
import { BackendError } from "../../../shared/jobs/backend.js";
import { FAKE_JOB, fakeRequest, isDone, readEvents, tempDir, waitFor } from "./runner-harness.js";

const runners: LocalRunner[] = [];
async function makeRunner(concurrency = 2, stateDir?: string, retentionMs?: number): Promise<{ runner: LocalRunner; stateDir: string }> {
  const dir = stateDir ?? (await tempDir("state"));
  const runner = new LocalRunner({ stateDir: dir, entryCommand: FAKE_JOB, concurrency, killGraceMs: 500, ...(retentionMs !== undefined ? { retentionMs } : {}) });
  await runner.start();
  runners.push(runner);
  return { runner, stateDir: dir };
}
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.shutdown()));
});

const finished = (runner: LocalRunner, id: string) =>
  waitFor(() => {
    const s = runner.describe([id])[0];
    return isDone(s) ? s : undefined;
  }, 20_000, `job ${id} to finish`);

describe("LocalRunner", () => {
  it("runs an array job as child processes with the environment AWS Batch sets, logging per child", async () => {
    const { runner } = await makeRunner();
    const out = await tempDir("out");
    const { backendJobId } = await runner.submit(fakeRequest(out, "env", {}, 2));
    const status = await finished(runner, backendJobId);
    expect(status.state).toBe("succeeded");
    expect(status.array).toEqual({ size: 2, byState: { succeeded: 2 } });
    const starts = (await readEvents(out)).filter((e) => e.event === "start").sort((a, b) => Number(a.index) - Number(b.index));
    expect(starts.map((e) => [e.jobId, e.index, e.size, e.attempt, e.kind, e.flag, e.queue])).toEqual([
      [`${backendJobId}:0`, "0", "2", 1, "phantom", "--spec", "local"],
      [`${backendJobId}:1`, "1", "2", 1, "phantom", "--spec", "local"],
    ]);
    expect(await runner.readLog(backendJobId, 1)).toContain(`fake job ${backendJobId}:1 attempt 1 says hello`);
    expect(runner.describe([`${backendJobId}:1`])[0]).toMatchObject({ state: "succeeded", exitCode: 0, attempts: 1 });
  });

  it("runs a single (non-array) job without an array index", async () => {
    const { runner } = await makeRunner();
    const out = await tempDir("out");
    const { backendJobId } = await runner.submit(fakeRequest(out, "single", {}));
    expect(await finished(runner, backendJobId)).toMatchObject({ state: "succeeded", exitCode: 0 });
    expect((await readEvents(out))[0]).toMatchObject({ jobId: backendJobId, index: null, size: null });
  });

  it("never runs more children at once than the concurrency limit", async () => {
    const { runner } = await makeRunner(2);
    const out = await tempDir("out");
    const { backendJobId } = await runner.submit(fakeRequest(out, "conc", { sleepMs: 300 }, 5));
    await finished(runner, backendJobId);
    const events = (await readEvents(out)).sort((a, b) => a.at - b.at || (a.event === "end" ? -1 : 1));
    let live = 0;
    let peak = 0;
    for (const e of events) {
      live += e.event === "start" ? 1 : -1;
      peak = Math.max(peak, live);
    }
    expect(events.filter((e) => e.event === "start")).toHaveLength(5);
    expect(peak).toBe(2);
  });

  it("retries a retryable exit code (75) and does not retry a spec error (65)", async () => {
    const { runner } = await makeRunner();
    const outA = await tempDir("out");
    const outB = await tempDir("out");
    const a = await runner.submit(fakeRequest(outA, "retry", { exitCodes: [75, 0] }));
    const b = await runner.submit(fakeRequest(outB, "noretry", { exitCodes: [65, 0] }));
    expect(await finished(runner, a.backendJobId)).toMatchObject({ state: "succeeded", attempts: 2, exitCode: 0 });
    const failed = await finished(runner, b.backendJobId);
    expect(failed).toMatchObject({ state: "failed", attempts: 1, exitCode: 65 });
    expect(failed.statusReason).toContain("job spec failed validation");
    expect(await runner.readLog(a.backendJobId, 0)).toMatch(/attempt 1 of 3[\s\S]*exit 75[\s\S]*attempt 2 of 3/);
  });

  it("treats a repeated idempotency token as the same job", async () => {
    const { runner } = await makeRunner();
    const out = await tempDir("out");
    const first = await runner.submit(fakeRequest(out, "idem", {}));
    const second = await runner.submit(fakeRequest(out, "idem", {}));
    expect(second).toEqual({ backendJobId: first.backendJobId, deduplicated: true });
    await finished(runner, first.backendJobId);
    expect((await readEvents(out)).filter((e) => e.event === "start")).toHaveLength(1);
  });

  it("cancels a running job: its children are stopped and it fails with the reason", async () => {
    const { runner } = await makeRunner();
    const out = await tempDir("out");
    const { backendJobId } = await runner.submit(fakeRequest(out, "cancel", { sleepMs: 30_000 }, 3));
    await waitFor(async () => ((await readEvents(out)).length >= 2 ? true : undefined));
    await runner.cancel(backendJobId, "partner deleted the dataset");
    const status = await finished(runner, backendJobId);
    expect(status.state).toBe("failed");
    expect(status.statusReason).toBe("Cancelled: partner deleted the dataset");
    expect(status.array?.byState.failed).toBe(3);
  });

  it("rejects a bad request with invalid_request listing every problem", async () => {
    const { runner } = await makeRunner();
    const bad = { ...fakeRequest("/tmp", "bad", {}), arraySize: 0, jobName: "has space" };
    const err = await runner.submit(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).code).toBe("invalid_request");
    expect((err as BackendError).message).toMatch(/jobName.*arraySize/);
  });

  it("persists state: a new runner on the same folder knows finished jobs and resumes queued ones", async () => {
    const first = await makeRunner(1);
    const out = await tempDir("out");
    const done = await first.runner.submit(fakeRequest(out, "persist-a", {}));
    await finished(first.runner, done.backendJobId);
    const queued = await first.runner.submit(fakeRequest(out, "persist-b", { sleepMs: 200 }, 3));
    await first.runner.shutdown();
    const state = JSON.parse(await readFile(`${first.stateDir}/runner-state.json`, "utf8")) as { jobs: unknown[] };
    expect(state.jobs).toHaveLength(2);

    const second = await makeRunner(1, first.stateDir);
    expect(second.runner.describe([done.backendJobId])[0]?.state).toBe("succeeded");
    expect(await second.runner.submit(fakeRequest(out, "persist-b", {}))).toMatchObject({ backendJobId: queued.backendJobId, deduplicated: true });
    expect(await finished(second.runner, queued.backendJobId)).toMatchObject({ state: "succeeded", array: { size: 3, byState: { succeeded: 3 } } });
  });

  it("drops finished jobs older than the retention from the state file at start", async () => {
    const first = await makeRunner(1);
    const out = await tempDir("out");
    const old = await first.runner.submit(fakeRequest(out, "old", {}));
    await finished(first.runner, old.backendJobId);
    await first.runner.shutdown();
    await new Promise((r) => setTimeout(r, 30));
    const second = await makeRunner(1, first.stateDir, 10);
    expect(second.runner.describe([old.backendJobId])).toEqual([]);
    expect(second.runner.counts().jobs).toBe(0);
  });
});
