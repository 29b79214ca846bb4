/**
 * The finetune job end to end through the entrypoint: a tiny generator (trained in seconds) is the
 * production anchor, the committed reward and judge bundles score it; the job fine-tunes, judges
 * the candidate against production, publishes it with its parent and moves the alias only when
 * the gate passes; a rollback moves it back; a finished job run again publishes nothing new.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleFiles, TRAIN_CONFIGS, trainGenerator } from "../../../batch-jobs/generator/index.js";
import { runJob } from "../../../batch-jobs/jobs/run-job.js";
import { openRegistry } from "../../../batch-jobs/registry/open-registry.js";
import { EXIT } from "../../../shared/jobs/exit-codes.js";

const dataUri = (value: unknown) => `data:application/json;base64,${Buffer.from(JSON.stringify(value)).toString("base64")}`;
let env: Record<string, string> = {};
let dir = "";

const spec = (over: Record<string, unknown> = {}) => ({
  specVersion: 1, kind: "finetune", jobId: "ft1", outputUri: pathToFileURL(path.join(dir, "out") + "/").href,
  base: { name: "cxrl", alias: "production" }, config: "tiny", seed: 4, checkpointUri: pathToFileURL(path.join(dir, "ck-ft1") + "/").href, ...over,
});

async function run(s: unknown) {
  const errors: string[] = [];
  const code = await runJob(["finetune", "--spec", dataUri(s)], { env, error: (l) => errors.push(l), log: () => {} });
  return { code, errors: errors.join("\n") };
}

let first: { code: number; errors: string };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cxr-finetune-"));
  env = { CXR_REGISTRY_URI: `${pathToFileURL(dir).href}/registry/models/` };
  const config = TRAIN_CONFIGS.tiny;
  const quiet = { update: () => {}, event: () => {}, done: () => {} };
  const trained = await trainGenerator({ config, configName: "tiny", seed: 1, checkpointDir: path.join(dir, "sl"), progress: quiet });
  await openRegistry(env).publish({ name: "cxrl", version: "tiny-1", parent: null, config: {}, metrics: {}, files: bundleFiles({ architecture: config.architecture, tokenizer: trained.tokenizer, params: trained.params, training: {}, card: "tiny" }) });
  await openRegistry(env).promote("cxrl", "production", "tiny-1", { by: "test" });
  first = await run(spec());
}, 180_000);

describe("finetune job", () => {
  it("publishes the candidate with its parent, ACE in its architecture, and the gate's verdict", async () => {
    expect(first).toEqual({ code: EXIT.ok, errors: "" });
    const registry = openRegistry(env);
    const manifest = await registry.getManifest("cxrl", "ft1");
    expect(manifest?.parent).toBe("tiny-1");
    const { files } = await registry.load("cxrl", "ft1");
    expect(JSON.parse(new TextDecoder().decode(files.get("config.json"))).architecture.ace).toBe(true);
    const gate = JSON.parse(await readFile(path.join(dir, "out", "gate.json"), "utf8"));
    expect(gate.checks.map((c: { figure: string }) => c.figure)).toEqual(["posture error", "mean AUROC", "CLIP score (judge-clip)", "FID"]);
    expect(manifest?.metrics["gatePasses"]).toBe(gate.passes ? 1 : 0);
    // The alias moved exactly when the gate passed.
    expect(await registry.resolve("cxrl", "production")).toBe(gate.passes ? "ft1" : "tiny-1");
    expect(gate.promoted).toBe(gate.passes);
  });

  it("writes the history, the reward curves and the side-by-side grid", async () => {
    const history = JSON.parse(await readFile(path.join(dir, "out", "history.json"), "utf8"));
    expect(history.map((r: { epoch: number }) => r.epoch)).toEqual([1, 2]);
    for (const png of ["rewards.png", "side-by-side.png"]) expect((await readFile(path.join(dir, "out", png))).subarray(1, 4).toString()).toBe("PNG");
  });

  it("run again after it finished, resumes at the end and publishes nothing new", async () => {
    const registry = openRegistry(env);
    const before = await registry.getManifest("cxrl", "ft1");
    expect((await run(spec())).code).toBe(EXIT.ok);
    expect(await registry.getManifest("cxrl", "ft1")).toEqual(before);
  }, 120_000);

  it("a rollback moves production back to the anchor", async () => {
    const registry = openRegistry(env);
    await registry.promote("cxrl", "production", "ft1", { by: "test" }).catch(() => undefined); // promoted already if the gate passed
    await registry.rollback("cxrl", "production", { by: "test" });
    expect(await registry.resolve("cxrl", "production")).toBe("tiny-1");
  });

  it("an unknown config is an invalid spec (65) naming the known ones", async () => {
    const r = await run(spec({ jobId: "ft2", config: "cxrll", checkpointUri: pathToFileURL(path.join(dir, "ck-ft2") + "/").href }));
    expect([r.code, /cxrl, no-ace/.test(r.errors)]).toEqual([EXIT.invalidSpec, true]);
  });
});
