/**
 * The runner as a service, spoken to through the Worker-usable LocalBatchBackend client, including
 * a crash: the runner process is SIGKILLed mid-job and restarted on the same state folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BackendError } from "../../../shared/jobs/backend.js";
import { LocalBatchBackend } from "../../../shared/jobs/local-backend-client.js";
import { FAKE_JOB, fakeRequest, isDone, readEvents, tempDir, waitFor } from "./runner-harness.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const live: ChildProcess[] = [];
afterAll(() => {
  for (const p of live) if (p.exitCode === null) p.kill("SIGKILL");
});

async function startRunner(stateDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", path.join(repo, "batch-jobs/runner/main.ts"), "--port", "0", "--state", stateDir, "--concurrency", "2", "--entry", FAKE_JOB.join(" ")],
    { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
  );
  live.push(proc);
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = await waitFor(() => /"url":"([^"]+)"/.exec(out)?.[1], 20_000, `runner to listen (output: ${out})`);
  return { proc, url };
}

const client = (url: string) => new LocalBatchBackend({ baseUrl: url, fetch: (u, init) => fetch(u, init) });

describe("runner service", () => {
  it("answers /health, submits and describes through the client, maps bad requests to invalid_request", async () => {
    const { url, proc } = await startRunner(await tempDir("svc"));
    const health = (await (await fetch(`${url}/health`)).json()) as { ok: boolean; concurrency: number };
    expect(health).toMatchObject({ ok: true, concurrency: 2 });
    const backend = client(url);
    const out = await tempDir("out");
    const { backendJobId } = await backend.submit(fakeRequest(out, "svc", {}, 2));
    const status = await waitFor(async () => {
      const [s] = await backend.describe([backendJobId]);
      return isDone(s) ? s : undefined;
    });
    expect(status.state).toBe("succeeded");
    expect(await backend.describe(["nope"])).toEqual([]);
    const log = await (await fetch(`${url}/v1/jobs/${backendJobId}/logs?index=0`)).text();
    expect(log).toContain("says hello");
    // Server-side validation (bypassing the client's own check) answers 400 invalid_request.
    const res = await fetch(`${url}/v1/jobs`, { method: "POST", body: "{not json" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    proc.kill("SIGTERM");
    await new Promise((r) => proc.once("exit", r));
    await expect(backend.describe([backendJobId])).rejects.toMatchObject({ code: "unavailable" });
  });

  it("after a crash (SIGKILL) mid-job, a restarted runner kills the orphans and retries the lost attempts", async () => {
    const stateDir = await tempDir("crash");
    const out = await tempDir("out");
    const first = await startRunner(stateDir);
    const { backendJobId } = await client(first.url).submit(fakeRequest(out, "crash", { sleepMs: 2500 }, 2));
    await waitFor(async () => ((await readEvents(out)).filter((e) => e.event === "start").length === 2 ? true : undefined));
    first.proc.kill("SIGKILL");
    await new Promise((r) => first.proc.once("exit", r));

    const second = await startRunner(stateDir);
    const backend = client(second.url);
    const status = await waitFor(async () => {
      const [s] = await backend.describe([backendJobId]);
      return isDone(s) ? s : undefined;
    });
    expect(status).toMatchObject({ state: "succeeded", attempts: 2, array: { size: 2, byState: { succeeded: 2 } } });
    const events = await readEvents(out);
    const summary = events.map((e) => `${e.event}:${e.index}:${e.attempt}`).sort();
    // Attempt 1 of each child started but never ended (killed as an orphan); attempt 2 ran fully.
    expect(summary).toEqual(["end:0:2", "end:1:2", "start:0:1", "start:0:2", "start:1:1", "start:1:2"]);
    const [child0] = await backend.describe([`${backendJobId}:0`]);
    expect(child0).toMatchObject({ attempts: 2, exitCode: 0 });
    second.proc.kill("SIGTERM");
  });

  it("reports an unreachable runner as unavailable (retryable)", async () => {
    const err = await client("http://127.0.0.1:9").describe(["x"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).retryable).toBe(true);
  });
});
