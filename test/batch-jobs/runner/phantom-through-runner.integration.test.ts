/**
 * The batch half of the end-to-end flow with real processes: the runner service runs the real
 * phantom entrypoint as a 2-shard array job; events go to a callback receiver that verifies the
 * HMAC signatures the way the edge does; the runner is SIGKILLed mid-job and restarted, and the
 * dataset still ends with every image exactly once. (The edge half — queue consumer submitting
 * and ingesting — is edge-api's; see the final report for how they connect.)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { shardPrefix } from "../../../batch-jobs/jobs/phantom.js";
import { verifyRequestSignature } from "../../../shared/crypto/request-signature.js";
import { jobEventSchema, type JobEvent } from "../../../shared/jobs/events.js";
import { LocalBatchBackend } from "../../../shared/jobs/local-backend-client.js";
import { isDone, tempDir, waitFor } from "./runner-harness.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const SECRET = "test-internal-secret";
const live: ChildProcess[] = [];
let receiver: Server | undefined;
const uploaded = new Set<number>();
afterAll(() => {
  for (const p of live) if (p.exitCode === null) p.kill("SIGKILL");
  receiver?.close();
});

async function startReceiver(events: JobEvent[], rejected: string[]): Promise<string> {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const manifestHeader = (req.headers["x-cxr-manifest"] as string | undefined) ?? null;
      void verifyRequestSignature(SECRET, { method: req.method ?? "", pathAndQuery: req.url ?? "", body: new Uint8Array(body), manifestHeader }, req.headers["x-cxr-signature"] as string, Math.floor(Date.now() / 1000)).then((check) => {
        if (!check.ok) {
          rejected.push(req.url ?? "");
          res.writeHead(401).end();
          return;
        }
        // Result uploads (PUT …/items/:i, one per film and attempt) are recorded by item index.
        const item = req.method === "PUT" ? /\/items\/(\d+)$/.exec(req.url ?? "") : null;
        if (item) {
          uploaded.add(Number(item[1]));
          res.writeHead(200, { "content-type": "application/json" }).end("{}");
          return;
        }
        events.push(jobEventSchema.parse(JSON.parse(body.toString("utf8"))));
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
  });
  await new Promise<void>((r) => receiver!.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(receiver!.address() as AddressInfo).port}`;
}

async function startRunner(stateDir: string, callbackUrl: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(repo, "batch-jobs/runner/main.ts"), "--port", "0", "--state", stateDir, "--concurrency", "2"], {
    cwd: repo,
    env: { ...process.env, CXR_CALLBACK_URL: callbackUrl, CXR_CALLBACK_SECRET: SECRET },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.push(proc);
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = await waitFor(() => /"url":"([^"]+)"/.exec(out)?.[1], 20_000, `runner to listen (${out})`);
  return { proc, url };
}

async function manifestIds(dir: string): Promise<string[]> {
  const text = await readFile(path.join(dir, "manifest.jsonl"), "utf8");
  return text.split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);
}

describe("phantom job through the runner", () => {
  it("2 shards, runner killed mid-job and restarted: every image exactly once, signed events delivered", async () => {
    const events: JobEvent[] = [];
    const rejected: string[] = [];
    const callbackUrl = await startReceiver(events, rejected);
    const stateDir = await tempDir("e2e-state");
    const out = await tempDir("e2e-out");
    const count = 40;
    const first = await startRunner(stateDir, callbackUrl);
    const backend = (url: string) => new LocalBatchBackend({ baseUrl: url, fetch: (u, init) => fetch(u, init) });
    const { backendJobId } = await backend(first.url).submit({
      kind: "phantom",
      jobName: "e2e-phantom",
      idempotencyToken: "e2e-phantom",
      arraySize: 2,
      spec: { specVersion: 1, kind: "phantom", jobId: "ds-e2e", outputUri: pathToFileURL(out + "/").href, count, seed: 500, size: 64, bitDepth: 8 },
    });
    const pendingPerShard = () => Promise.all([0, 1].map((i) => readdir(path.join(out, shardPrefix(i), ".pending", "000")).then((f) => f.length, () => 0)));
    // Kill only once both shards are mid-job (started and some films committed, none finalised): on a
    // loaded machine one shard can be far along before the other has booted.
    const startedFirst = () => events.filter((e) => e.type === "status" && e.state === "started" && e.attempt === 1);
    await waitFor(async () => (startedFirst().length === 2 && (await pendingPerShard()).every((n) => n >= 1) ? true : undefined), 60_000, "both shards to start and commit some images");
    first.proc.kill("SIGKILL");
    await new Promise((r) => first.proc.once("exit", r));

    const second = await startRunner(stateDir, callbackUrl);
    const status = await waitFor(async () => {
      const [s] = await backend(second.url).describe([backendJobId]);
      return isDone(s) ? s : undefined;
    }, 90_000, "the job to finish after the restart");
    expect(status).toMatchObject({ state: "succeeded", array: { size: 2, byState: { succeeded: 2 } } });

    const ids = [...(await manifestIds(path.join(out, shardPrefix(0)))), ...(await manifestIds(path.join(out, shardPrefix(1))))];
    expect(ids).toEqual(Array.from({ length: count }, (_, i) => `phantom-${String(500 + i).padStart(10, "0")}`));

    expect(rejected).toEqual([]);
    expect([...uploaded].sort((a, b) => a - b)).toEqual([...Array(count).keys()]);
    const finals = events.filter((e) => e.type === "status" && e.state === "succeeded");
    expect(finals.map((e) => e.shardIndex).sort()).toEqual([0, 1]);
    expect(finals.every((e) => e.attempt === 2)).toBe(true);
    const results = events.filter((e) => e.type === "result");
    expect(results.map((e) => e.shardIndex).sort()).toEqual([0, 1]);
    expect(startedFirst()).toHaveLength(2);
    second.proc.kill("SIGTERM");
  });
});
