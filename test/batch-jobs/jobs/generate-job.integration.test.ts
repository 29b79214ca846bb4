/** The generate job end to end with a tiny generator trained in seconds, and its refusals. */
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeImageBytes } from "../../../batch-jobs/data/images/decode-image.js";
import { bundleFiles, TRAIN_CONFIGS, trainGenerator } from "../../../batch-jobs/generator/index.js";
import { runJob } from "../../../batch-jobs/jobs/run-job.js";
import { openRegistry } from "../../../batch-jobs/registry/open-registry.js";
import { EXIT } from "../../../shared/jobs/exit-codes.js";

const dataUri = (value: unknown) => `data:application/json;base64,${Buffer.from(JSON.stringify(value)).toString("base64")}`;
let env: Record<string, string> = {};
let out = "";

beforeAll(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), "cxr-gen-job-"));
  env = { CXR_REGISTRY_URI: `${pathToFileURL(root).href}/registry/models/` };
  out = path.join(root, "out");
  const config = TRAIN_CONFIGS.tiny;
  const quiet = { update: () => {}, event: () => {}, done: () => {} };
  const run = await trainGenerator({ config, configName: "tiny", seed: 1, checkpointDir: path.join(root, "ck"), progress: quiet });
  await openRegistry(env).publish({
    name: "cxrl", version: "tiny-1", parent: null, config: {}, metrics: {},
    files: bundleFiles({ architecture: config.architecture, tokenizer: run.tokenizer, params: run.params, training: {}, card: "tiny test model" }),
  });
}, 60_000);

const spec = (over: Record<string, unknown> = {}) => ({
  specVersion: 1, kind: "generate", jobId: "g1", outputUri: `${pathToFileURL(out).href}/g1/`, model: { name: "cxrl", version: "tiny-1" },
  reports: [{ id: "r0", text: "FINDINGS: Large left pleural effusion." }, { id: "r1", text: "FINDINGS: Normal heart size. Lungs clear." }],
  samplesPerReport: 2, seed: 40, steps: 4, guidance: 3, size: 32, format: "both", ...over,
});

async function generate(s: unknown, e = env) {
  const errors: string[] = [];
  const code = await runJob(["generate", "--spec", dataUri(s)], { env: e, error: (l) => errors.push(l), log: () => {} });
  return { code, errors: errors.join("\n") };
}

describe("generate job", () => {
  it("writes one PNG and one DICOM per report and sample, with seeds the edge derives", async () => {
    expect((await generate(spec())).code).toBe(EXIT.ok);
    const shard = path.join(out, "g1", "shards", "00000");
    const lines = (await readFile(path.join(shard, "manifest.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seed)).toEqual([40, 41, 42, 43]);
    expect(lines[0].labels["Pleural Effusion"]).toBe(1);
    expect(lines[0].generator).toEqual({ kind: "diffusion", version: "tiny-1" });
    const image = await decodeImageBytes(await readFile(path.join(shard, lines[0].file)), "film");
    expect([image.width, image.height]).toEqual([32, 32]);
    expect(lines[0].alternates[0].format).toBe("dicom");
  }, 60_000);

  it("gives the same bytes for the same spec", async () => {
    await generate(spec({ jobId: "g2", outputUri: `${pathToFileURL(out).href}/g2/` }));
    const read = (job: string) => readFile(path.join(out, job, "shards", "00000", "images", "000", "gen-000003.png"));
    expect((await read("g1")).equals(await read("g2"))).toBe(true);
  }, 60_000);

  it("refuses an unknown model version (exit 66)", async () => {
    const r = await generate(spec({ model: { name: "cxrl", version: "nope" } }));
    expect(r.code).toBe(EXIT.inputMissing);
    expect(r.errors).toContain("model_not_found");
  });

  it("refuses a size the bundle has no graph for (exit 65)", async () => {
    const r = await generate(spec({ size: 64 }));
    expect(r.code).toBe(EXIT.invalidSpec);
    expect(r.errors).toContain("generates 32x32 films");
  });

  it("refuses an empty report list (exit 65)", async () => {
    expect((await generate(spec({ reports: [] }))).code).toBe(EXIT.invalidSpec);
  });

  it("needs a registry (exit 64 naming CXR_REGISTRY_URI)", async () => {
    const r = await generate(spec(), {});
    expect(r.code).toBe(EXIT.usage);
    expect(r.errors).toContain("CXR_REGISTRY_URI");
  });

  it("refuses an unknown training config (exit 65 listing the known ones)", async () => {
    const errors: string[] = [];
    const train = { specVersion: 1, kind: "train", jobId: "t", outputUri: "file:///tmp/t/", modelName: "cxrl", config: "huge", seed: 1, checkpointUri: "file:///tmp/t/c/" };
    const code = await runJob(["train", "--spec", dataUri(train)], { env, error: (l) => errors.push(l), log: () => {} });
    expect(code).toBe(EXIT.invalidSpec);
    expect(errors.join("\n")).toContain("cxr-64");
  });
});
