/**
 * The evaluate job end to end through the entrypoint: a tiny simulated dataset (phantom job) is
 * scored with the committed judge and reward bundles; scores.jsonl, summary.json and summary.md
 * land under outputUri, and the generator forms fail with exit 69 naming what is missing.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../../../batch-jobs/jobs/run-job.js";
import { EXIT } from "../../../shared/jobs/exit-codes.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const dataUri = (value: unknown) => `data:application/json;base64,${Buffer.from(JSON.stringify(value)).toString("base64")}`;

async function run(kind: string, spec: unknown) {
  const logs: string[] = [];
  const errors: string[] = [];
  const code = await runJob([kind, "--spec", dataUri(spec)], { env: { CXR_INTRA_OP_THREADS: "1" }, log: (l) => logs.push(l), error: (l) => errors.push(l) });
  return { code, logs, errors: errors.join("\n") };
}

let outDir: string;
let code: number;
let errors: string;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "cxr-evaluate-"));
  const datasetUri = pathToFileURL(path.join(dir, "dataset") + "/").href;
  const phantom = await run("phantom", { specVersion: 1, kind: "phantom", jobId: "d1", outputUri: datasetUri, count: 12, seed: 9_600_000, size: 128, format: "png" });
  expect(phantom.code).toBe(0);
  outDir = path.join(dir, "eval");
  ({ code, errors } = await run("evaluate", {
    specVersion: 1,
    kind: "evaluate",
    jobId: "e1",
    outputUri: pathToFileURL(outDir + "/").href,
    source: { kind: "dataset", uri: `${datasetUri}shards/00000/` },
    reference: { kind: "phantom", count: 16, firstSeed: 9_650_000 },
    registryUri: pathToFileURL(REPO + "/").href,
    resamples: 20,
    seed: 1,
  }));
}, 120_000);

describe("evaluate job on a dataset folder", () => {
  it("exits 0", () => {
    expect({ code, errors }).toEqual({ code: EXIT.ok, errors: "" });
  });
  it("writes one scores.jsonl line per image with judge outputs and rewards", async () => {
    const lines = (await readFile(path.join(outDir, "scores.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect([lines.length, Object.keys(lines[0].judge.labels).length, typeof lines[0].rewards.diagnostic]).toEqual([12, 14, "number"]);
  });
  it("writes summary.json with every figure and its interval", async () => {
    const { summary } = JSON.parse(await readFile(path.join(outDir, "summary.json"), "utf8"));
    expect(Object.keys(summary)).toEqual(["images", "reports", "postureError", "postureMae", "auroc", "meanAuroc", "clipScore", "fid", "msSsimDiversity", "rewards"]);
    expect(Object.keys(summary.fid)).toEqual(["estimate", "lo", "hi"]);
  });
  it("writes a markdown table", async () => {
    expect(await readFile(path.join(outDir, "summary.md"), "utf8")).toMatch(/\| mean AUROC over labels \| [0-9.]+ \[/);
  });
});

describe("evaluate job forms that need the generator", () => {
  it("a generator source exits 69 naming the missing generator", async () => {
    const r = await run("evaluate", { specVersion: 1, kind: "evaluate", jobId: "e2", outputUri: "file:///tmp/e2/", source: { kind: "generator", model: { name: "cxr", alias: "production" }, reportsUri: "file:///tmp/r.jsonl" }, seed: 1 });
    expect([r.code, /loadGenerator/.test(r.errors)]).toEqual([EXIT.notImplemented, true]);
  });
  it("a spec with neither source nor candidate/baseline is invalid (65)", async () => {
    expect((await run("evaluate", { specVersion: 1, kind: "evaluate", jobId: "e3", outputUri: "file:///tmp/e3/", seed: 1 })).code).toBe(EXIT.invalidSpec);
  });
});
