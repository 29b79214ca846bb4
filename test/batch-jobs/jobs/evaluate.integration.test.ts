/**
 * The evaluate job end to end through the entrypoint, scored with the committed judge and reward
 * bundles: a tiny simulated dataset (phantom job), a tiny generator trained in seconds sampled on
 * held-out reports (MS-SSIM diversity among samples of one report), and the candidate-vs-baseline
 * gate with promotion.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleFiles, TRAIN_CONFIGS, trainGenerator } from "../../../batch-jobs/generator/index.js";
import { runJob } from "../../../batch-jobs/jobs/run-job.js";
import { openRegistry } from "../../../batch-jobs/registry/open-registry.js";
import { EXIT } from "../../../shared/jobs/exit-codes.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const dataUri = (value: unknown) => `data:application/json;base64,${Buffer.from(JSON.stringify(value)).toString("base64")}`;

let env: Record<string, string> = { CXR_INTRA_OP_THREADS: "1" };

async function run(kind: string, spec: unknown) {
  const logs: string[] = [];
  const errors: string[] = [];
  const code = await runJob([kind, "--spec", dataUri(spec)], { env, log: (l) => logs.push(l), error: (l) => errors.push(l) });
  return { code, logs, errors: errors.join("\n") };
}

let outDir: string;
let code: number;
let errors: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cxr-evaluate-"));
  env = { ...env, CXR_REGISTRY_URI: `${pathToFileURL(dir).href}/registry/models/` };
  const config = TRAIN_CONFIGS.tiny;
  const quiet = { update: () => {}, event: () => {}, done: () => {} };
  const trained = await trainGenerator({ config, configName: "tiny", seed: 1, checkpointDir: path.join(dir, "ck"), progress: quiet });
  for (const version of ["tiny-1", "tiny-2"]) {
    await openRegistry(env).publish({ name: "cxrl", version, parent: null, config: {}, metrics: {}, files: bundleFiles({ architecture: config.architecture, tokenizer: trained.tokenizer, params: trained.params, training: {}, card: "tiny test model" }) });
  }
  await openRegistry(env).promote("cxrl", "production", "tiny-1", { by: "test" });
  await writeFile(path.join(dir, "reports.jsonl"), [{ id: "r0", text: "FINDINGS: Large left pleural effusion." }, { id: "r1", text: "FINDINGS: Normal heart size. Lungs clear." }].map((r) => JSON.stringify(r)).join("\n") + "\n");
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
    judgesRegistryUri: pathToFileURL(REPO + "/").href,
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
    expect(Object.keys(summary)).toEqual(["images", "reports", "postureError", "postureMae", "postureSpread", "auroc", "meanAuroc", "clipScore", "fid", "msSsimDiversity", "rewards"]);
    expect(Object.keys(summary.fid)).toEqual(["estimate", "lo", "hi"]);
    expect(Object.keys(summary.postureSpread)).toEqual(["sx", "sy", "tx", "ty", "theta"]);
  });
  it("writes a markdown table", async () => {
    expect(await readFile(path.join(outDir, "summary.md"), "utf8")).toMatch(/\| mean AUROC over labels \| [0-9.]+ \[/);
  });
});

const common = (jobId: string) => ({ specVersion: 1, kind: "evaluate", jobId, outputUri: pathToFileURL(path.join(dir, jobId) + "/").href, reference: { kind: "phantom", count: 16, firstSeed: 9_650_000 }, judgesRegistryUri: pathToFileURL(REPO + "/").href, resamples: 20, seed: 5 });

describe("evaluate job on a generator bundle and held-out reports", () => {
  it("scores samplesPerReport films per report, with MS-SSIM diversity among them", async () => {
    const r = await run("evaluate", { ...common("g1"), source: { kind: "generator", model: { name: "cxrl", version: "tiny-1" }, reportsUri: pathToFileURL(path.join(dir, "reports.jsonl")).href, samplesPerReport: 3, steps: 3 } });
    const { summary } = JSON.parse(await readFile(path.join(dir, "g1", "summary.json"), "utf8"));
    expect([r.code, summary.images, summary.reports, summary.msSsimDiversity.reportsWithPairs]).toEqual([EXIT.ok, 6, 2, 2]);
  }, 60_000);
  it("an unknown generator version exits 66", async () => {
    const r = await run("evaluate", { ...common("g2"), source: { kind: "generator", model: { name: "cxrl", version: "nope" }, reportsUri: pathToFileURL(path.join(dir, "reports.jsonl")).href } });
    expect(r.code).toBe(EXIT.inputMissing);
  }, 60_000);
});

describe("evaluate job as the promotion gate", () => {
  it("the same weights as candidate pass the gate and are promoted when asked", async () => {
    const r = await run("evaluate", { ...common("gate1"), candidate: { name: "cxrl", version: "tiny-2" }, baseline: { name: "cxrl", alias: "production" }, benchmark: "phantom-heldout-3", promoteIfBetter: true });
    const gate = JSON.parse(await readFile(path.join(dir, "gate1", "gate.json"), "utf8"));
    expect([r.code, gate.passes, gate.promoted, await openRegistry(env).resolve("cxrl", "production")]).toEqual([EXIT.ok, true, true, "tiny-2"]);
  }, 120_000);
  it("an unknown benchmark is an invalid spec (65)", async () => {
    const r = await run("evaluate", { ...common("gate2"), candidate: { name: "cxrl", version: "tiny-2" }, baseline: { name: "cxrl", version: "tiny-1" }, benchmark: "mimic" });
    expect([r.code, /phantom-heldout-<N>/.test(r.errors)]).toEqual([EXIT.invalidSpec, true]);
  }, 60_000);
  it("a spec with neither source nor candidate/baseline is invalid (65)", async () => {
    expect((await run("evaluate", { specVersion: 1, kind: "evaluate", jobId: "e3", outputUri: "file:///tmp/e3/", seed: 1 })).code).toBe(EXIT.invalidSpec);
  });
});
