/** The train job end to end (tiny config): simulator films or a user's dataset folder → a registry bundle. */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { generatePhantomDataset } from "../../../batch-jobs/data/dataset/generate-phantom-dataset.js";
import { LocalFolderSink } from "../../../batch-jobs/data/dataset/local-folder-sink.js";
import { phantomConfig } from "../../../batch-jobs/data/phantom/index.js";
import { runJob } from "../../../batch-jobs/jobs/run-job.js";
import { openRegistry } from "../../../batch-jobs/registry/open-registry.js";
import { EXIT } from "../../../shared/jobs/exit-codes.js";

const dataUri = (value: unknown) => `data:application/json;base64,${Buffer.from(JSON.stringify(value)).toString("base64")}`;
const tmp = (label: string) => mkdtemp(path.join(os.tmpdir(), `cxr-train-job-${label}-`));

async function train(extra: Record<string, unknown> = {}, at?: string) {
  const root = at ?? (await tmp("run"));
  const env = { CXR_REGISTRY_URI: `${pathToFileURL(root).href}/registry/models/` };
  const spec = { specVersion: 1, kind: "train", jobId: "tiny-run", outputUri: `${pathToFileURL(root).href}/out/`, modelName: "cxrl", config: "tiny", seed: 2, checkpointUri: `${pathToFileURL(root).href}/ck/`, ...extra };
  const errors: string[] = [];
  const code = await runJob(["train", "--spec", dataUri(spec)], { env, error: (l) => errors.push(l), log: () => {} });
  return { code, errors: errors.join("\n"), registry: openRegistry(env), root };
}

describe("train job", () => {
  it("publishes a complete bundle with graphs, weights, tokenizer and card", async () => {
    const { code, registry } = await train();
    expect(code).toBe(EXIT.ok);
    const manifest = await registry.getManifest("cxrl", "tiny-run");
    expect(manifest!.files.map((f) => f.path)).toEqual(expect.arrayContaining(["config.json", "tokenizer.json", "weights.safetensors", "card.md", "encoder-b1.onnx", "denoiser-b16.onnx"]));
    expect(manifest!.metrics["steps"]).toBe(6);
  }, 60_000);

  it("continues from a parent version: its weights and tokenizer, the parent recorded", async () => {
    const first = await train();
    const child = await train({ jobId: "tiny-child", parent: { name: "cxrl", version: "tiny-run" }, checkpointUri: `${pathToFileURL(first.root).href}/ck-child/` }, first.root);
    expect(child.errors).toBe("");
    const manifest = await child.registry.getManifest("cxrl", "tiny-child");
    expect(manifest!.parent).toBe("tiny-run");
    const [a, b] = await Promise.all([child.registry.load("cxrl", "tiny-run"), child.registry.load("cxrl", "tiny-child")]);
    expect(Buffer.from(b.files.get("tokenizer.json")!).equals(Buffer.from(a.files.get("tokenizer.json")!))).toBe(true);
  }, 60_000);

  it("a config may grow the refinement head on a parent without it, but not drop one (parent_mismatch, exit 65)", async () => {
    const first = await train();
    const at = pathToFileURL(first.root).href;
    const grown = await train({ jobId: "tiny-refined", config: "tiny-refine", parent: { name: "cxrl", version: "tiny-run" }, checkpointUri: `${at}/ck-refined/` }, first.root);
    expect(grown.errors).toBe("");
    expect(grown.code).toBe(EXIT.ok);
    const dropped = await train({ jobId: "tiny-dropped", parent: { name: "cxrl", version: "tiny-refined" }, checkpointUri: `${at}/ck-dropped/` }, first.root);
    expect(dropped.code).toBe(EXIT.invalidSpec);
    expect(dropped.errors).toContain("parent_mismatch");
  }, 90_000);

  it("trains on a user's dataset folder instead of the simulator", async () => {
    const folder = await tmp("data");
    await generatePhantomDataset(new LocalFolderSink(folder), {
      config: phantomConfig({ size: 64 }), count: 6, baseSeed: 7, formats: ["png"], bitDepth: 8, card: { title: "t", provenance: "p" },
    }, { update: () => undefined, finish: () => undefined });
    const { code, errors } = await train({ data: { uri: pathToFileURL(folder).href + "/", format: "dataset" } });
    expect(errors).toBe("");
    expect(code).toBe(EXIT.ok);
  }, 60_000);

  it("names a missing data folder (exit 66)", async () => {
    const { code, errors } = await train({ data: { uri: "file:///nonexistent/dataset/", format: "dataset" } });
    expect(code).toBe(EXIT.inputMissing);
    expect(errors).toContain("spec.data");
  });
});
