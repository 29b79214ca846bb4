/** scripts/publish-last-iterate.ts: a run that ships its weights' moving average also publishes its last iterate, from the final checkpoint. */
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { decodeSafetensors, loadLatestCheckpoint } from "../../batch-jobs/ml/index.js";
import { runJob } from "../../batch-jobs/jobs/run-job.js";
import { openRegistry } from "../../batch-jobs/registry/open-registry.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const script = path.join(repo, "scripts", "publish-last-iterate.ts");
const run = (args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", script, ...args], { cwd: repo }).then(
  (r) => ({ code: 0, ...r }),
  (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
);
const weightsOf = (files: Map<string, Uint8Array>) => decodeSafetensors(files.get("weights.safetensors")!, "weights").tensors;

describe("publish-last-iterate", () => {
  it("publishes <version>-last with the final checkpoint's weights, beside the averaged bundle", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "cxr-last-iterate-"));
    const from = `${pathToFileURL(root).href}/registry/models/`;
    const spec = { specVersion: 1, kind: "train", jobId: "tiny-ema-run", outputUri: `${pathToFileURL(root).href}/out/`, modelName: "cxrl", config: "tiny-ema", seed: 2, checkpointUri: `${pathToFileURL(root).href}/ck/` };
    const code = await runJob(["train", "--spec", `data:application/json,${encodeURIComponent(JSON.stringify(spec))}`], { env: { CXR_REGISTRY_URI: from }, error: () => {}, log: () => {} });
    expect(code).toBe(0);
    const args = ["--from", from, "--name", "cxrl", "--version", "tiny-ema-run", "--checkpoint", path.join(root, "ck")];
    const first = await run(args);
    expect(first.stderr).not.toMatch(/Error|at /);
    expect(JSON.parse(first.stdout.trim().split("\n").at(-1)!)).toEqual({ published: "cxrl/tiny-ema-run-last", step: 6 });

    const registry = openRegistry({ CXR_REGISTRY_URI: from });
    const [averaged, last] = await Promise.all([registry.load("cxrl", "tiny-ema-run"), registry.load("cxrl", "tiny-ema-run-last")]);
    const checkpoint = loadLatestCheckpoint(path.join(root, "ck"))!;
    const [a, l] = [weightsOf(averaged.files), weightsOf(last.files)];
    for (const [name, t] of Object.entries(checkpoint.weights)) expect([...l[name]!.data], name).toEqual([...t.data]);
    expect(Object.keys(a).some((name) => a[name]!.data.some((v, i) => v !== l[name]!.data[i]))).toBe(true);
    expect(new TextDecoder().decode(last.files.get("card.md"))).toContain("The last iterate of tiny-ema-run");
    expect(last.manifest.config["lastIterateOf"]).toBe("tiny-ema-run");

    const again = await run(args);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect(again.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);

  it("names a missing flag or version with the usage line (exit 64)", async () => {
    const missing = await run(["--name", "cxrl"]);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain("--checkpoint are required");
    const root = await mkdtemp(path.join(os.tmpdir(), "cxr-last-iterate-"));
    const unknown = await run(["--from", `${pathToFileURL(root).href}/registry/models/`, "--name", "cxrl", "--version", "nope", "--checkpoint", root]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("cxrl/nope is not in");
  }, 60_000);
});
