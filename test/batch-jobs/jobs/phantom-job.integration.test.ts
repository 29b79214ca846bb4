/**
 * The phantom job end to end through the real entrypoint: shards partition the dataset exactly
 * (their union equals the one-process dataset, byte for byte), and a shard killed mid-way and
 * rerun ends with every image exactly once; a shard stopped by SIGTERM reports its failure,
 * exits with the retryable code and resumes likewise.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { generatePhantomDataset } from "../../../batch-jobs/data/dataset/generate-phantom-dataset.js";
import { LocalFolderSink } from "../../../batch-jobs/data/dataset/local-folder-sink.js";
import { phantomConfig } from "../../../batch-jobs/data/phantom/index.js";
import { shardPrefix } from "../../../batch-jobs/jobs/phantom.js";
import { runJob } from "../../../batch-jobs/jobs/run-job.js";
import { EXIT } from "../../../shared/jobs/exit-codes.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const tmp = (label: string) => mkdtemp(path.join(os.tmpdir(), `cxr-phantom-job-${label}-`));
const spec = (out: string, count: number) => ({ specVersion: 1, kind: "phantom", jobId: "ph1", outputUri: pathToFileURL(out + "/").href, count, seed: 100, size: 64, bitDepth: 8 });
const dataUri = (value: unknown) => `data:application/json;base64,${Buffer.from(JSON.stringify(value)).toString("base64")}`;

async function manifest(dir: string): Promise<{ id: string; sha256: string }[]> {
  const text = await readFile(path.join(dir, "manifest.jsonl"), "utf8");
  return text.split("\n").filter(Boolean).map((l) => {
    const line = JSON.parse(l) as { id: string; files: { sha256: string }[] } & { sha256?: string };
    return { id: line.id, sha256: line.sha256 ?? JSON.stringify(line.files) };
  });
}

describe("phantom job", () => {
  it("2 shards partition the dataset: their union is byte-identical to the one-process dataset", async () => {
    const out = await tmp("shards");
    const lines: string[] = [];
    for (const index of [0, 1]) {
      const code = await runJob(["phantom", "--spec", dataUri(spec(out, 5))], {
        env: { AWS_BATCH_JOB_ARRAY_INDEX: String(index), CXR_ARRAY_SIZE: "2", AWS_BATCH_JOB_ID: `arr:${index}` },
        error: (l) => lines.push(l),
        log: (l) => lines.push(l),
      });
      expect(code, lines.join("\n")).toBe(EXIT.ok);
    }
    const shard0 = await manifest(path.join(out, shardPrefix(0)));
    const shard1 = await manifest(path.join(out, shardPrefix(1)));
    expect(shard0.map((l) => l.id)).toEqual(["phantom-0000000100", "phantom-0000000101", "phantom-0000000102"]);
    expect(shard1.map((l) => l.id)).toEqual(["phantom-0000000103", "phantom-0000000104"]);

    const single = await tmp("single");
    await generatePhantomDataset(new LocalFolderSink(single), {
      config: phantomConfig({ size: 64 }), count: 5, baseSeed: 100, formats: ["png"], bitDepth: 8, card: { title: "t", provenance: "p" },
    }, { update: () => undefined, finish: () => undefined });
    expect([...shard0, ...shard1]).toEqual(await manifest(single));

    const events = lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { type: string; state?: string; shardIndex?: number; outputs?: { path: string }[] });
    expect(events.filter((e) => e.type === "status").map((e) => `${e.shardIndex}:${e.state}`)).toEqual(["0:started", "0:succeeded", "1:started", "1:succeeded"]);
    expect(events.find((e) => e.type === "result" && e.shardIndex === 1)?.outputs?.map((o) => o.path)).toEqual([
      "shards/00001/manifest.jsonl", "shards/00001/labels.csv", "shards/00001/dataset_card.md",
    ]);
  });

  it("a shard killed mid-way and rerun ends with every image exactly once", async () => {
    const out = await tmp("kill");
    const count = 14;
    const run = () => spawn(process.execPath, ["--import", "tsx", path.join(repo, "batch-jobs/main.ts"), "phantom", "--spec", dataUri(spec(out, count))], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    const pending = path.join(out, shardPrefix(0), ".pending", "000");
    const first = run();
    const firstExit = new Promise<number | null>((r) => first.once("exit", (code) => r(code)));
    for (;;) {
      const done = await readdir(pending).then((f) => f.length, () => 0);
      if (done >= 4) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill("SIGKILL");
    expect(await firstExit).toBeNull();
    await expect(readFile(path.join(out, shardPrefix(0), "manifest.jsonl"))).rejects.toThrow();

    const second = run();
    let stdout = "";
    second.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((r) => second.once("exit", (c) => r(c)));
    expect(code).toBe(0);
    const note = JSON.parse(stdout.split("\n").find((l) => l.includes('"type":"note"'))!) as { written: number; kept: number; images: number };
    expect(note.kept).toBeGreaterThanOrEqual(4);
    expect(note.written + note.kept).toBe(count);
    const ids = (await manifest(path.join(out, shardPrefix(0)))).map((l) => l.id);
    expect(ids).toEqual(Array.from({ length: count }, (_, i) => `phantom-${String(100 + i).padStart(10, "0")}`));
    const files = await readdir(path.join(out, shardPrefix(0), "images", "000"));
    expect(files.sort()).toEqual(ids.map((id) => `${id}.png`));
  });

  it("SIGTERM mid-shard: stops between films, sends its failed event, exits 143; the retry resumes", async () => {
    const out = await tmp("sigterm");
    const count = 14;
    // A stand-in for the edge's internal API that records the events it is sent (and every upload).
    const events: Array<{ type: string; state?: string; exitCode?: number; errorCode?: string; attempt: number }> = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        if (req.method === "POST" && req.url?.endsWith("/events")) events.push(JSON.parse(body) as (typeof events)[number]);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const env = { ...process.env, CXR_CALLBACK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, CXR_CALLBACK_SECRET: "test-secret" };
    const run = (attempt: number) =>
      spawn(process.execPath, ["--import", "tsx", path.join(repo, "batch-jobs/main.ts"), "phantom", "--spec", dataUri(spec(out, count))], {
        cwd: repo, stdio: ["ignore", "pipe", "pipe"], env: { ...env, AWS_BATCH_JOB_ATTEMPT: String(attempt) },
      });
    try {
      const first = run(1);
      let stderr = "";
      first.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      const firstExit = new Promise<number | null>((r) => first.once("exit", (code) => r(code)));
      const pending = path.join(out, shardPrefix(0), ".pending", "000");
      for (;;) {
        const done = await readdir(pending).then((f) => f.length, () => 0);
        if (done >= 4) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      first.kill("SIGTERM");
      expect(await firstExit, stderr).toBe(EXIT.terminated);
      expect(stderr).toContain("SIGTERM");
      const failed = events.find((e) => e.type === "status" && e.state === "failed");
      expect(failed).toMatchObject({ attempt: 1, exitCode: EXIT.terminated, errorCode: "terminated" });
      await expect(readFile(path.join(out, shardPrefix(0), "manifest.jsonl"))).rejects.toThrow();

      const second = run(2);
      let stdout = "";
      second.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
      expect(await new Promise<number | null>((r) => second.once("exit", (c) => r(c)))).toBe(0);
      const note = JSON.parse(stdout.split("\n").find((l) => l.includes('"type":"note"'))!) as { written: number; kept: number };
      expect(note.kept).toBeGreaterThanOrEqual(4);
      expect(note.written + note.kept).toBe(count);
      expect(events.filter((e) => e.type === "status" && e.attempt === 2).map((e) => e.state)).toEqual(["started", "succeeded"]);
    } finally {
      server.close();
    }
  });

  it("rejects a bad simulator setting as an invalid spec (exit 65) naming the field", async () => {
    const errors: string[] = [];
    const out = await tmp("bad");
    const code = await runJob(["phantom", "--spec", dataUri({ ...spec(out, 2), simulator: { supersample: -3 } })], { env: {}, error: (l) => errors.push(l), log: () => undefined });
    expect(code).toBe(EXIT.invalidSpec);
    expect(errors.join("\n")).toMatch(/spec\.simulator is invalid: .*supersample/);
  });
});
