/**
 * A simulated-dataset order end to end, all real processes on one machine: `wrangler dev` (edge,
 * queue consumer, D1, R2) → LocalBatchBackend → the local runner → the phantom job as a 2-shard
 * array → every film uploaded over the signed internal API → the dataset completes → the manifest
 * is served and every file downloads with the sha256 the job wrote. Then the same with the runner
 * (and its job processes) SIGKILLed mid-job and restarted on the same state: still every film
 * exactly once — once in the manifest, once in the usage ledger, no refunds.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PHANTOM_SIMULATOR_VERSION } from "../../shared/model/phantom-simulator.js";
import { phantomContentKey } from "../../shared/keys/index.js";
import { exited, freePort, LOCAL_ADMIN_KEY, migrate, signalGroup, startEdge, startRunner, stopAll, waitFor, type Started } from "./e2e-harness.js";

let edgeUrl = "";
let runnerPort = 0;
let runnerState = "";
let outputDir = "";
let runner: Started;

interface Partner {
  id: string;
  auth: Record<string, string>;
}

interface EdgeManifestLine {
  index: number;
  seed: number;
  contentKey: string;
  status: string;
  report: string;
  labels: Record<string, number | null>;
  files: { png?: string };
}

beforeAll(async () => {
  const persist = await mkdtemp(path.join(os.tmpdir(), "cxr-e2e-phantom-edge-"));
  runnerState = await mkdtemp(path.join(os.tmpdir(), "cxr-e2e-phantom-runner-"));
  outputDir = await mkdtemp(path.join(os.tmpdir(), "cxr-e2e-phantom-out-"));
  const edgePort = await freePort();
  runnerPort = await freePort();
  edgeUrl = `http://127.0.0.1:${edgePort}`;
  expect(await migrate(persist)).toBe(0);
  runner = await startRunner(runnerPort, runnerState, edgeUrl);
  await startEdge(edgePort, persist, `http://127.0.0.1:${runnerPort}`, { BATCH_OUTPUT_URI: pathToFileURL(outputDir + "/").href });
}, 150_000);

afterAll(() => stopAll());

async function admin(pathname: string, body: unknown): Promise<unknown> {
  const res = await fetch(edgeUrl + pathname, { method: "POST", headers: { "content-type": "application/json", "x-admin-key": LOCAL_ADMIN_KEY }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

async function newPartner(credits: number): Promise<Partner> {
  const { partner } = (await admin("/admin/v1/partners", { name: "E2E phantom partner", credits })) as { partner: { id: string } };
  const { key } = (await admin(`/admin/v1/partners/${partner.id}/keys`, {})) as { key: string };
  return { id: partner.id, auth: { authorization: `Bearer ${key}` } };
}

async function orderPhantom(partner: Partner, count: number, seed: number, size: number): Promise<string> {
  const res = await fetch(`${edgeUrl}/v1/datasets`, { method: "POST", headers: { "content-type": "application/json", ...partner.auth }, body: JSON.stringify({ phantom: { count }, seed, size, format: "png" }) });
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function datasetState(partner: Partner, id: string) {
  return (await (await fetch(`${edgeUrl}/v1/datasets/${id}`, { headers: partner.auth })).json()) as { status: string; progress: { done: number; failed: number; total: number } };
}

async function awaitFinished(partner: Partner, id: string, timeoutMs: number) {
  return waitFor(async () => {
    const state = await datasetState(partner, id);
    return state.status === "queued" || state.status === "running" ? undefined : state;
  }, timeoutMs, `dataset ${id} to finish`);
}

/** sha256 of every film the job wrote, by seed, from the shards' own manifests. */
async function writtenHashes(jobId: string): Promise<Map<number, string>> {
  const shards = path.join(outputDir, jobId, "shards");
  const bySeed = new Map<number, string>();
  for (const shard of await readdir(shards)) {
    // The edge completes the order at the last upload; the shard may still be finalizing its files.
    const text = await waitFor(() => readFile(path.join(shards, shard, "manifest.jsonl"), "utf8").catch(() => undefined), 30_000, `shard ${shard}'s manifest`);
    for (const line of text.split("\n").filter(Boolean)) {
      const parsed = JSON.parse(line) as { seed: number; sha256: string };
      bySeed.set(parsed.seed, parsed.sha256);
    }
  }
  return bySeed;
}

/** The complete, exactly-once dataset: manifest lines, keys, downloads, ledger and credits. */
async function expectExactlyOnce(partner: Partner, id: string, count: number, seed: number, size: number, creditsBefore: number): Promise<void> {
  expect(await datasetState(partner, id)).toMatchObject({ status: "succeeded", progress: { done: count, failed: 0, total: count } });
  const res = await fetch(`${edgeUrl}/v1/datasets/${id}/manifest`, { headers: partner.auth });
  expect(res.status).toBe(200);
  const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as EdgeManifestLine);
  expect(lines).toHaveLength(count);
  expect(lines.map((l) => l.index)).toEqual([...Array(count).keys()]);
  expect(new Set(lines.map((l) => l.contentKey)).size).toBe(count);
  const hashes = await writtenHashes(`job_${id}`);
  expect(hashes.size).toBe(count);
  for (const line of lines) {
    expect(line).toMatchObject({ status: "done", seed: seed + line.index });
    expect(line.contentKey).toBe(await phantomContentKey({ simulatorVersion: PHANTOM_SIMULATOR_VERSION, seed: line.seed, size, bitDepth: 16 }));
    expect(line.report.length).toBeGreaterThan(0);
    const file = await fetch(line.files.png!);
    expect(file.status).toBe(200);
    const digest = createHash("sha256").update(new Uint8Array(await file.arrayBuffer())).digest("hex");
    expect(digest).toBe(hashes.get(line.seed));
  }
  const usage = (await (await fetch(`${edgeUrl}/v1/usage`, { headers: partner.auth })).json()) as { credits: number; usage: { byKind: Record<string, { images: number }> } };
  expect(usage.usage.byKind.dataset?.images).toBe(count); // one ledger row per film
  expect(usage.credits).toBe(creditsBefore - 10 * count); // charged once each, nothing refunded
}

async function pendingRecords(jobId: string): Promise<number> {
  let n = 0;
  for (const shard of ["00000", "00001"]) n += await readdir(path.join(outputDir, jobId, "shards", shard, ".pending", "000")).then((f) => f.length, () => 0);
  return n;
}

describe("simulated dataset: edge → queue → runner → phantom job (2 shards) → ingest → manifest", () => {
  it("completes with every film uploaded, listed and downloadable", async () => {
    const partner = await newPartner(1000);
    const [count, seed, size] = [10, 4200, 64];
    const id = await orderPhantom(partner, count, seed, size);
    await awaitFinished(partner, id, 60_000);
    await expectExactlyOnce(partner, id, count, seed, size, 1000);
  });

  // Two 60 s waits and a runner restart: under the full suite's load their sum can pass the
  // default 120 s, and then the waits' own messages (what was seen) are lost to a bare timeout.
  it("survives the runner and its jobs being SIGKILLed mid-job: every film exactly once", async () => {
    const partner = await newPartner(1000);
    const [count, seed, size] = [12, 8800, 256];
    const id = await orderPhantom(partner, count, seed, size);
    await waitFor(async () => ((await pendingRecords(`job_${id}`)) >= 1 ? true : undefined), 60_000, "the first committed film", 20).catch(async (err: unknown) => {
      const files = await readdir(outputDir, { recursive: true }).catch(() => []);
      throw new Error(`${(err as Error).message}; dataset ${JSON.stringify(await datasetState(partner, id))}; outputs ${JSON.stringify(files.slice(0, 40))}; runner log: ${runner.log().slice(-3000)}`);
    });
    signalGroup(runner.child, "SIGKILL");
    await exited(runner.child);
    const atKill = await datasetState(partner, id);
    expect(atKill.progress.done).toBeLessThan(count); // really mid-job
    expect(atKill.status).toBe("running");

    runner = await startRunner(runnerPort, runnerState, edgeUrl);
    await awaitFinished(partner, id, 60_000);
    await expectExactlyOnce(partner, id, count, seed, size, 1000);
  }, 240_000);
});
