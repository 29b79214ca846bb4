/**
 * Model versions as plain folders in the registry's own layout (the repository's committed
 * models/<name>/<version>/ with its manifest.json, and models/<name>/aliases/production.json),
 * copied to and from a writable registry. `npm start` and the e2e tests seed their local registry from the repository's
 * folder, so a fresh clone serves the committed default model; each file's sha256 is checked
 * against the committed manifest, so a corrupted checkout fails loudly instead of serving it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sha256Hex } from "../storage/sha256.js";
import { aliasRecordSchema, modelManifestSchema } from "./manifest.js";
import type { ModelRegistry } from "./model-registry.js";
import { RegistryError } from "./registry-error.js";

export const PRODUCTION_ALIAS_FILE = path.join("aliases", "production.json");

/** Writes one registry version as models/<name>/<version>/ under `modelsDir`. */
export async function exportVersion(registry: ModelRegistry, name: string, version: string, modelsDir: string): Promise<string> {
  const { manifest, files } = await registry.load(name, version);
  const dir = path.join(modelsDir, name, version);
  mkdirSync(dir, { recursive: true });
  for (const [file, bytes] of files) writeFileSync(path.join(dir, file), bytes);
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return dir;
}

/** Points the folder's production alias at `version` (a fresh alias record with no history). */
export function writeProductionAlias(modelsDir: string, name: string, version: string, by: string): void {
  mkdirSync(path.join(modelsDir, name, "aliases"), { recursive: true });
  const record = { version, history: [], updatedAt: new Date().toISOString(), by };
  writeFileSync(path.join(modelsDir, name, PRODUCTION_ALIAS_FILE), JSON.stringify(record, null, 2) + "\n");
}

export interface SeedResult {
  published: string[];
  promoted: string[];
}

/** Publishes every committed version the registry lacks and sets production where unset. */
export async function seedRegistry(registry: ModelRegistry, modelsDir: string, by = "seed"): Promise<SeedResult> {
  const result: SeedResult = { published: [], promoted: [] };
  if (!existsSync(modelsDir)) return result;
  // Model folders only: models/ also holds notes such as README.md.
  for (const name of readdirSync(modelsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const modelDir = path.join(modelsDir, name);
    for (const version of readdirSync(modelDir).sort().filter((v) => v !== "aliases")) {
      const manifestPath = path.join(modelDir, version, "manifest.json");
      if (!existsSync(manifestPath) || (await registry.getManifest(name, version))) continue;
      const manifest = modelManifestSchema.parse(JSON.parse(readFileSync(manifestPath, "utf8")));
      const files = manifest.files.map((f) => {
        const bytes = readFileSync(path.join(modelDir, version, f.path));
        if (sha256Hex(bytes) !== f.sha256) throw new RegistryError("hash_mismatch", `${manifestPath}: ${f.path} does not match its sha256; the checkout is corrupt (git checkout -- models/).`);
        return { path: f.path, bytes: new Uint8Array(bytes) };
      });
      await registry.publish({ name, version, files, parent: manifest.parent, config: manifest.config, metrics: manifest.metrics });
      result.published.push(`${name}/${version}`);
    }
    const productionFile = path.join(modelDir, PRODUCTION_ALIAS_FILE);
    if (existsSync(productionFile) && !(await registry.resolve(name, "production"))) {
      const { version } = aliasRecordSchema.parse(JSON.parse(readFileSync(productionFile, "utf8")));
      await registry.promote(name, "production", version, { by, expectedCurrent: null });
      result.promoted.push(`${name}/${version}`);
    }
  }
  return result;
}
