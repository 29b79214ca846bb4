/**
 * An attempt SIGKILLed on its last try (an OOM kill) sends no event: the local runner's describe
 * is what tells the edge's reconciler the job has ended (edge side:
 * test/edge/reconcile-ended-jobs.integration.test.ts, which uses this status shape).
 */
import { afterEach, describe, expect, it } from "vitest";
import { LocalRunner } from "../../../batch-jobs/runner/local-runner.js";
import { describeEnd, hasEndedFor } from "../../../shared/jobs/backend.js";
import { FAKE_JOB, fakeRequest, isDone, readEvents, tempDir, waitFor } from "./runner-harness.js";

const runners: LocalRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.shutdown();
});

describe("a job SIGKILLed on its last attempt", () => {
  it("is reported ended (failed, exit 137) by describe, which the reconciler acts on", async () => {
    const out = await tempDir("killed-out");
    const runner = new LocalRunner({ stateDir: await tempDir("killed"), entryCommand: FAKE_JOB, concurrency: 1, killGraceMs: 500 });
    runners.push(runner);
    await runner.start();
    // One attempt only, so the attempt we kill is the last one.
    const { backendJobId } = await runner.submit({ ...fakeRequest(out, "killed-last", { sleepMs: 60_000 }), attempts: 1 });
    const last = await waitFor(async () => (await readEvents(out)).find((e) => e.event === "start"));
    const [before] = runner.describe([backendJobId]);
    expect(before?.state).toBe("running");
    process.kill(last.pid, "SIGKILL");

    const status = await waitFor(() => {
      const [s] = runner.describe([backendJobId]);
      return isDone(s) ? s : undefined;
    });
    expect(status).toMatchObject({ state: "failed", exitCode: 137, attempts: 1 });
    expect(hasEndedFor(status, 0, Date.now())).toBe(true);
    expect(hasEndedFor(status, 3600, Date.now())).toBe(false);
    expect(describeEnd(status)).toMatch(/^failed, exit 137: .*signal 9/);
  });
});
