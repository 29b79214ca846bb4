/**
 * Batch-side plumbing figures (not the GPU work): ObjectStore throughput on a local folder and on
 * S3 protocol (s3rver on loopback: the protocol + hashing cost, not AWS's network), the local
 * runner's per-attempt overhead (a child process that exits at once), and the phantom job's
 * images/s through the real entrypoint path (spec → shard → dataset writer on the ObjectStore).
 * Last line: one JSON object.
 *
 *   npm run bench:batch [-- --objects 64 --phantom 32]
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import S3rver from "s3rver";
import { flagsOrExit, integerOption } from "../batch-jobs/cli/options.js";
import { runJob } from "../batch-jobs/jobs/run-job.js";
import { LocalRunner } from "../batch-jobs/runner/local-runner.js";
import { LocalObjectStore } from "../batch-jobs/storage/local-object-store.js";
import type { ObjectStore } from "../batch-jobs/storage/object-store.js";
import { S3ObjectStore } from "../batch-jobs/storage/s3-object-store.js";

const [objectCount, phantomCount] = flagsOrExit("npm run bench:batch -- [--objects 64 --phantom 32]", () => {
  const { values } = parseArgs({ options: { objects: { type: "string" }, phantom: { type: "string" } } });
  return [integerOption("objects", values.objects, 64, { min: 1, max: 100_000 }), integerOption("phantom", values.phantom, 32, { min: 1, max: 100_000 })];
});
const MiB = 1024 * 1024;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const tmp = (label: string) => mkdtemp(path.join(os.tmpdir(), `cxr-bench-${label}-`));

function payload(bytes: number, salt: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (i * 2654435761 + salt) >>> 24;
  return out;
}

async function storeFigures(store: ObjectStore): Promise<Record<string, number>> {
  const small = Array.from({ length: objectCount }, (_, i) => payload(256 * 1024, i));
  let t = performance.now();
  for (let i = 0; i < small.length; i++) await store.put(`bench/small/${i}.bin`, small[i]!);
  const putSmall = (performance.now() - t) / 1000;
  t = performance.now();
  for (let i = 0; i < small.length; i++) await store.get(`bench/small/${i}.bin`);
  const getSmall = (performance.now() - t) / 1000;
  const big = payload(48 * MiB, 7);
  t = performance.now();
  await store.put("bench/big.bin", big);
  const putBig = (performance.now() - t) / 1000;
  t = performance.now();
  await store.get("bench/big.bin");
  const getBig = (performance.now() - t) / 1000;
  const smallMiB = (objectCount * 256 * 1024) / MiB;
  return {
    put256KiBPerSecond: round(objectCount / putSmall),
    get256KiBPerSecond: round(objectCount / getSmall),
    put48MiBMiBPerSecond: round(48 / putBig),
    get48MiBMiBPerSecond: round(48 / getBig),
    putSmallMiBPerSecond: round(smallMiB / putSmall),
  };
}

const cleanup: string[] = [];
try {
  // 1. ObjectStore: local folder.
  const localDir = await tmp("local");
  cleanup.push(localDir);
  const local = await storeFigures(new LocalObjectStore(localDir));
  console.log("local folder store:", local);

  // 2. ObjectStore: S3 protocol on loopback (multipart above 16 MiB, 8 MiB parts).
  const s3Dir = await tmp("s3rver");
  cleanup.push(s3Dir);
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: "bench" }] });
  const { port } = await server.run();
  process.env["AWS_ACCESS_KEY_ID"] ??= "S3RVER";
  process.env["AWS_SECRET_ACCESS_KEY"] ??= "S3RVER";
  const s3 = await storeFigures(new S3ObjectStore({
    bucket: "bench", endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", multipartThresholdBytes: 16 * MiB, partSizeBytes: 8 * MiB, nativeChecksums: false, conditionalWrites: false,
  }));
  await server.close();
  console.log("S3 store (s3rver, loopback):", s3);

  // 3. Local runner: per-attempt overhead with a child that exits at once.
  const stateDir = await tmp("runner");
  cleanup.push(stateDir);
  const runner = new LocalRunner({ stateDir, entryCommand: [process.execPath, "-e", "process.exit(0)"], concurrency: 2 });
  await runner.start();
  const children = 16;
  let t = performance.now();
  const { backendJobId } = await runner.submit({
    kind: "phantom", jobName: "bench", idempotencyToken: "bench", arraySize: children,
    spec: { specVersion: 1, kind: "phantom", jobId: "bench", outputUri: pathToFileURL(stateDir + "/").href, count: children, seed: 0 },
  });
  while (runner.describe([backendJobId])[0]?.state !== "succeeded") await new Promise((r) => setTimeout(r, 5));
  const runnerSeconds = (performance.now() - t) / 1000;
  await runner.shutdown();
  const runnerFigures = { children, concurrency: 2, seconds: round(runnerSeconds, 2), msPerAttemptPerSlot: round((runnerSeconds * 1000 * 2) / children, 0) };
  console.log("local runner (bare node child, no job code):", runnerFigures);

  // 4. Phantom job through runJob (one shard, in-process: no tsx start-up in the figure).
  const outDir = await tmp("phantom");
  cleanup.push(outDir);
  const spec = { specVersion: 1, kind: "phantom", jobId: "bench", outputUri: pathToFileURL(outDir + "/").href, count: phantomCount, seed: 1, size: 128 };
  const uri = `data:application/json;base64,${Buffer.from(JSON.stringify(spec)).toString("base64")}`;
  t = performance.now();
  const code = await runJob(["phantom", "--spec", uri], { env: {}, error: (l) => console.error(l), log: () => undefined });
  const phantomSeconds = (performance.now() - t) / 1000;
  if (code !== 0) throw new Error(`phantom job exited ${code}`);
  t = performance.now();
  await runJob(["phantom", "--spec", uri], { env: {}, error: (l) => console.error(l), log: () => undefined });
  const resumeSeconds = (performance.now() - t) / 1000;
  const phantom = { images: phantomCount, size: 128, imagesPerSecond: round(phantomCount / phantomSeconds), rerunAllKeptSeconds: round(resumeSeconds, 2) };
  console.log("phantom job (1 shard, PNG 16-bit, local store):", phantom);

  console.log(JSON.stringify({ bench: "batch", localStore: local, s3Store: s3, runner: runnerFigures, phantomJob: phantom }));
} finally {
  await Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true })));
}
