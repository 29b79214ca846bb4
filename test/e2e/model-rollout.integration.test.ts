/**
 * A production model change across both halves, real processes: the registry's production alias
 * moves (as the fine-tune promotes: compare-and-swap, then announceProduction) and `wrangler dev`
 * generates with the new exact version at once, under a new content key; the operator's
 * `registry rollback` moves the alias back, tells the edge, and new requests use the old version
 * and the old key again. No batch runner: only what the edge orders is checked.
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registryCli } from "../../batch-jobs/registry/cli.js";
import { announceProduction } from "../../batch-jobs/registry/announce-production.js";
import { ModelRegistry } from "../../batch-jobs/registry/model-registry.js";
import { LocalObjectStore } from "../../batch-jobs/storage/local-object-store.js";
import { SERVING_MODEL } from "../../shared/model/serving-model.js";
import { freePort, LOCAL_HMAC, migrate, startEdge, stopAll } from "./e2e-harness.js";

const NAME = SERVING_MODEL.name;
const [OLD, NEW] = [SERVING_MODEL.version, `${SERVING_MODEL.version}-rlcf1`];
let edgeUrl = "";
let registryRoot = "";
let registry: ModelRegistry;
let batchEnv: Record<string, string>;

interface Ordered { settings: { modelVersion: string }; contentKey: string }
async function order(): Promise<Ordered> {
  const res = await fetch(`${edgeUrl}/v1/generations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ report: "FINDINGS: Small left pleural effusion. IMPRESSION: Small left effusion.", seed: 21 }) });
  expect(res.status, await res.clone().text()).toBe(202);
  return (await res.json()) as Ordered;
}

beforeAll(async () => {
  const persist = await mkdtemp(path.join(os.tmpdir(), "cxr-e2e-rollout-edge-"));
  const dir = await mkdtemp(path.join(os.tmpdir(), "cxr-e2e-rollout-registry-"));
  registryRoot = pathToFileURL(dir + "/").href;
  registry = new ModelRegistry(new LocalObjectStore(dir));
  for (const version of [OLD, NEW]) {
    await registry.publish({ name: NAME, version, parent: version === NEW ? OLD : null, files: [{ path: "m.onnx", bytes: new TextEncoder().encode(version) }], config: {}, metrics: {} });
  }
  await registry.promote(NAME, "production", OLD, { by: "e2e" });
  const port = await freePort();
  edgeUrl = `http://127.0.0.1:${port}`;
  batchEnv = { CXR_EDGE_URL: edgeUrl, CXR_CALLBACK_SECRET: LOCAL_HMAC };
  expect(await migrate(persist)).toBe(0);
  // No backend: orders stay queued, which is all this test looks at.
  await startEdge(port, persist, "http://127.0.0.1:9", { BATCH_BACKEND: "none" });
}, 150_000);

afterAll(() => stopAll());

describe("the edge follows the registry's production alias without a redeploy", () => {
  let before: Ordered;

  it("before any announcement it generates with the deployed version", async () => {
    before = await order();
    expect(before.settings.modelVersion).toBe(OLD);
  });

  it("after a promotion is announced, new generations use the new version and a new content key", async () => {
    await registry.promote(NAME, "production", NEW, { by: "e2e-finetune", expectedCurrent: OLD });
    expect(await announceProduction(batchEnv, { name: NAME, version: NEW, previous: OLD })).toEqual({ announced: true });
    const after = await order();
    expect(after.settings.modelVersion).toBe(NEW);
    expect(after.contentKey).not.toBe(before.contentKey);
  });

  it("`registry rollback` moves the alias back and the edge generates with the old version again", async () => {
    const lines: string[] = [];
    const code = await registryCli(["rollback", "--registry", registryRoot, "--model", NAME, "--alias", "production", "--by", "e2e-operator"], batchEnv, (l) => lines.push(l));
    expect(code, lines.join("\n")).toBe(0);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ ok: true, alias: { version: OLD }, edge: { announced: true } });
    const rolledBack = await order();
    expect(rolledBack.settings.modelVersion).toBe(OLD);
    expect(rolledBack.contentKey).toBe(before.contentKey);
  });
});
