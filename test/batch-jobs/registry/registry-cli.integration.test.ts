import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registryCli } from "../../../batch-jobs/registry/cli.js";
import { ModelRegistry } from "../../../batch-jobs/registry/model-registry.js";
import { LocalObjectStore } from "../../../batch-jobs/storage/local-object-store.js";
import { EDGE_ENV, stubEdge, type StubAnswer } from "../edge-api/stub-edge.js";

async function setup() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "cxr-registry-cli-"));
  const registry = new ModelRegistry(new LocalObjectStore(dir));
  for (const v of ["v1", "v2"]) {
    await registry.publish({ name: "cxr", version: v, parent: null, files: [{ path: "m.onnx", bytes: new TextEncoder().encode(v) }], config: {}, metrics: { fid: 2 } });
  }
  return { dir, uri: pathToFileURL(dir + "/").href };
}

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
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

describe("registry CLI rollback tells the edge", () => {
  afterEach(() => vi.restoreAllMocks());
  /** A registry whose production moved v1 → v2, and an edge answering `answer`. */
  async function promoted(answer: StubAnswer) {
    const { uri } = await setup();
    for (const v of ["v1", "v2"]) await cli(["promote", "--registry", uri, "--model", "cxr", "--alias", "production", "--version", v]);
    const edge = stubEdge(answer);
    vi.spyOn(globalThis, "fetch").mockImplementation(edge.fetch);
    return { uri, edge };
  }

  it("moves the alias back and announces the restored version, compare-and-swap on the one it replaces", async () => {
    const { uri, edge } = await promoted(() => ({ status: 200, body: { changed: true } }));
    const result = await cli(["rollback", "--registry", uri, "--model", "cxr", "--alias", "production"], EDGE_ENV);
    expect(result).toMatchObject({ code: 0, out: { ok: true, command: "rollback", alias: { version: "v1" }, edge: { announced: true } } });
    expect(edge.calls).toEqual([{ method: "PUT", pathAndQuery: "/internal/v1/models/cxr/production", body: JSON.stringify({ version: "v1", previous: "v2" }) }]);
    expect((await cli(["resolve", "--registry", uri, "--model", "cxr", "--alias", "production"])).out).toMatchObject({ version: "v1" });
  });

  it("without an edge configured it rolls back and says the edge was not told", async () => {
    const { uri, edge } = await promoted(() => ({ status: 200 }));
    const result = await cli(["rollback", "--registry", uri, "--model", "cxr", "--alias", "production"]);
    expect(result).toMatchObject({ code: 0, out: { ok: true, alias: { version: "v1" }, edge: { announced: false, reason: expect.stringContaining("no edge configured") } } });
    expect(edge.calls).toEqual([]);
  });

  it("reports an edge conflict with exit 65 and the alias it moved; announce re-syncs the edge", async () => {
    const { uri, edge } = await promoted((call) => (JSON.parse(call.body).previous !== undefined ? { status: 409, body: { error: { code: "production_version_conflict", message: "The edge serves v0" } } } : { status: 200 }));
    const rolled = await cli(["rollback", "--registry", uri, "--model", "cxr", "--alias", "production"], EDGE_ENV);
    expect(rolled).toMatchObject({ code: 65, out: { ok: false, alias: { version: "v1" }, edge: { announced: false }, error: { code: "production_version_conflict" } } });
    expect(rolled.out.error!.message).toMatch(/registry moved, the edge was not told.*announce/);
    const synced = await cli(["announce", "--registry", uri, "--model", "cxr", "--alias", "production"], EDGE_ENV);
    expect(synced).toMatchObject({ code: 0, out: { ok: true, version: "v1", edge: { announced: true } } });
    expect(JSON.parse(edge.calls.at(-1)!.body)).toEqual({ version: "v1" });
  });

  it("exits 75 when the edge is down, after the alias moved (the client's retries take ~3 s)", async () => {
    const { uri, edge } = await promoted(() => ({ status: 503 }));
    const result = await cli(["rollback", "--registry", uri, "--model", "cxr", "--alias", "production"], EDGE_ENV);
    expect(result).toMatchObject({ code: 75, out: { ok: false, alias: { version: "v1" }, error: { code: "edge_unavailable" } } });
    expect(edge.calls).toHaveLength(5);
  });

  it("does not announce a candidate rollback (the edge serves production only)", async () => {
    const { uri, edge } = await promoted(() => ({ status: 200 }));
    for (const v of ["v1", "v2"]) await cli(["promote", "--registry", uri, "--model", "cxr", "--alias", "candidate", "--version", v]);
    expect((await cli(["rollback", "--registry", uri, "--model", "cxr", "--alias", "candidate"], EDGE_ENV)).out).toMatchObject({ ok: true, edge: { announced: false } });
    expect(edge.calls).toEqual([]);
  });
});
