import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ModelRegistry } from "../../../batch-jobs/registry/model-registry.js";
import { LocalObjectStore } from "../../../batch-jobs/storage/local-object-store.js";
import { S3ObjectStore } from "../../../batch-jobs/storage/s3-object-store.js";
import { sha256Hex } from "../../../batch-jobs/storage/sha256.js";

const bytes = (s: string) => new TextEncoder().encode(s);

async function freshRegistry(): Promise<{ registry: ModelRegistry; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "cxr-registry-"));
  return { registry: new ModelRegistry(new LocalObjectStore(dir)), dir };
}

async function publish(registry: ModelRegistry, version: string, parent: string | null = null) {
  return registry.publish({
    name: "cxr",
    version,
    parent,
    files: [
      { path: "denoiser.onnx", bytes: bytes(`graph of ${version}`) },
      { path: "weights/ace.safetensors", bytes: bytes(`weights of ${version}`) },
    ],
    config: { lr: 1e-4, steps: 100 },
    metrics: { fid: 2.5 },
  });
}

describe("ModelRegistry", () => {
  it("publishes a version with a manifest of hashes and loads it back verified", async () => {
    const { registry } = await freshRegistry();
    const manifest = await publish(registry, "v1");
    expect(manifest.files).toEqual([
      { path: "denoiser.onnx", sha256: sha256Hex(bytes("graph of v1")), bytes: 11 },
      { path: "weights/ace.safetensors", sha256: sha256Hex(bytes("weights of v1")), bytes: 13 },
    ]);
    await publish(registry, "v2", "v1");
    expect(await registry.listVersions("cxr")).toEqual(["v1", "v2"]);
    const loaded = await registry.load("cxr", "v2");
    expect(loaded.manifest.parent).toBe("v1");
    expect(new TextDecoder().decode(loaded.files.get("denoiser.onnx"))).toBe("graph of v2");
    expect(await registry.getManifest("cxr", "v9")).toBeNull();
    await expect(registry.load("cxr", "v9")).rejects.toMatchObject({ code: "version_not_found" });
  });

  it("never overwrites a version", async () => {
    const { registry } = await freshRegistry();
    await publish(registry, "v1");
    await expect(publish(registry, "v1")).rejects.toMatchObject({ code: "version_exists" });
  });

  it("promotes, resolves and rolls back an alias", async () => {
    const { registry } = await freshRegistry();
    for (const v of ["v1", "v2", "v3"]) await publish(registry, v);
    expect(await registry.resolve("cxr", "production")).toBeNull();
    await registry.promote("cxr", "production", "v1", { by: "test" });
    await registry.promote("cxr", "production", "v2", { by: "test", expectedCurrent: "v1" });
    await registry.promote("cxr", "production", "v3", { by: "test" });
    expect(await registry.resolve("cxr", "production")).toBe("v3");
    expect((await registry.rollback("cxr", "production", { by: "oncall" })).version).toBe("v2");
    expect((await registry.rollback("cxr", "production", { by: "oncall" })).version).toBe("v1");
    await expect(registry.rollback("cxr", "production", { by: "oncall" })).rejects.toMatchObject({ code: "no_previous_version" });
    await expect(registry.rollback("cxr", "candidate", { by: "oncall" })).rejects.toMatchObject({ code: "alias_not_set" });
    await expect(registry.promote("cxr", "production", "v9", { by: "test" })).rejects.toMatchObject({ code: "version_not_found" });
  });

  it("of concurrent promotions from the same state exactly one wins; the others lose cleanly", async () => {
    const { registry, dir } = await freshRegistry();
    for (const v of ["v1", "c1", "c2", "c3", "c4", "c5"]) await publish(registry, v);
    await registry.promote("cxr", "production", "v1", { by: "seed" });
    // Separate store instances share nothing in memory, like separate processes.
    const contenders = ["c1", "c2", "c3", "c4", "c5"].map((v) =>
      new ModelRegistry(new LocalObjectStore(dir)).promote("cxr", "production", v, { by: v, expectedCurrent: "v1" }),
    );
    const results = await Promise.allSettled(contenders);
    const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [`c${i + 1}`] : []));
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "alias_conflict" });
    expect(await registry.resolve("cxr", "production")).toBe(won[0]);
    // The loser's view is intact: history records v1 exactly once, no lost or doubled update.
    expect((await registry.rollback("cxr", "production", { by: "t" })).version).toBe("v1");
  });

  it("detects a stored file that no longer matches the manifest hash", async () => {
    const { registry, dir } = await freshRegistry();
    await publish(registry, "v1");
    // Replaced through the store (store-level hash updated): only the manifest can tell.
    await new LocalObjectStore(dir).put("models/cxr/v1/denoiser.onnx", bytes("tampered graph"));
    await expect(registry.load("cxr", "v1")).rejects.toMatchObject({ code: "hash_mismatch", message: expect.stringMatching(/denoiser\.onnx has sha256/) });
  });

  it("detects bit rot on disk", async () => {
    const { registry, dir } = await freshRegistry();
    await publish(registry, "v1");
    const file = path.join(dir, "models/cxr/v1/weights/ace.safetensors");
    const data = await readFile(file);
    data[0] = data[0]! ^ 1;
    await writeFile(file, data);
    await expect(registry.load("cxr", "v1")).rejects.toMatchObject({ code: "hash_mismatch" });
  });

  it("refuses alias moves on a store without conditional writes", async () => {
    const store = new S3ObjectStore({ bucket: "cxr-x", endpoint: "http://127.0.0.1:9", region: "us-east-1", conditionalWrites: false });
    await expect(new ModelRegistry(store).promote("cxr", "production", "v1", { by: "t" })).rejects.toMatchObject({ code: "unsafe_store" });
  });

  it("rejects bad names", async () => {
    const { registry } = await freshRegistry();
    await expect(registry.load("CXR!", "v1")).rejects.toMatchObject({ code: "invalid_name" });
    await expect(publish(registry, "../v1")).rejects.toMatchObject({ code: "invalid_name" });
  });
});
