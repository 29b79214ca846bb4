import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { registryCli } from "../../../batch-jobs/registry/cli.js";
import { ModelRegistry } from "../../../batch-jobs/registry/model-registry.js";
import { LocalObjectStore } from "../../../batch-jobs/storage/local-object-store.js";

async function setup() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "cxr-registry-cli-"));
  const registry = new ModelRegistry(new LocalObjectStore(dir));
  for (const v of ["v1", "v2"]) {
    await registry.publish({ name: "cxr", version: v, parent: null, files: [{ path: "m.onnx", bytes: new TextEncoder().encode(v) }], config: {}, metrics: { fid: 2 } });
  }
  return { dir, uri: pathToFileURL(dir + "/").href };
}

async function cli(args: string[], env: Record<string, string> = {}) {
  const lines: string[] = [];
  const code = await registryCli(args, env, (l) => lines.push(l));
  return { code, out: JSON.parse(lines.at(-1)!) as { ok: boolean; error?: { code: string; message: string } } & Record<string, unknown> };
}

describe("registry CLI", () => {
  it("promotes, lists, rolls back and verifies", async () => {
    const { uri } = await setup();
    expect((await cli(["promote", "--registry", uri, "--model", "cxr", "--alias", "production", "--version", "v1", "--by", "test"])).code).toBe(0);
    expect((await cli(["promote", "--registry", uri, "--model", "cxr", "--alias", "production", "--version", "v2", "--expect", "v1"])).code).toBe(0);
    expect((await cli(["list", "--model", "cxr"], { CXR_REGISTRY_URI: uri + "models/" })).out).toMatchObject({ versions: ["v1", "v2"], production: "v2", candidate: null });
    expect((await cli(["rollback", "--registry", uri, "--model", "cxr", "--alias", "production"])).out).toMatchObject({ ok: true, alias: { version: "v1" } });
    expect((await cli(["verify", "--registry", uri, "--model", "cxr", "--version", "v2"])).out).toMatchObject({ ok: true, files: 1, bytes: 2 });
  });

  it("refuses with stable codes and exit codes, never a stack trace", async () => {
    const { uri, dir } = await setup();
    expect(await cli(["explode"])).toMatchObject({ code: 64, out: { ok: false, error: { code: "usage" } } });
    expect(await cli(["list", "--model", "cxr"])).toMatchObject({ code: 64, out: { error: { code: "usage" } } });
    expect(await cli(["promote", "--registry", uri, "--model", "cxr", "--alias", "prod", "--version", "v1"])).toMatchObject({ code: 64 });
    expect(await cli(["promote", "--registry", uri, "--model", "cxr", "--alias", "production", "--version", "v9"])).toMatchObject({ code: 65, out: { error: { code: "version_not_found" } } });
    expect(await cli(["promote", "--registry", uri, "--model", "cxr", "--alias", "production", "--version", "v2", "--expect", "v1"])).toMatchObject({ code: 65, out: { error: { code: "alias_conflict" } } });
    await writeFile(path.join(dir, "models/cxr/v1/m.onnx"), "tampered");
    const bad = await cli(["verify", "--registry", uri, "--model", "cxr", "--version", "v1"]);
    expect(bad).toMatchObject({ code: 67, out: { error: { code: "hash_mismatch" } } });
    expect(bad.out.error!.message).not.toMatch(/\n\s+at /);
  });
});
