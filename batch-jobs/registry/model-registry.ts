/**
 * The model registry on an ObjectStore (local folder or S3):
 *   models/<name>/<version>/<files…>        immutable version content
 *   models/<name>/<version>/manifest.json   written last, create-once (If-None-Match: *)
 *   models/<name>/aliases/<alias>.json      { version, history } moved by compare-and-swap
 *
 * Atomicity of promotion and rollback. The alias is ONE object; a move reads it (bytes + ETag),
 * computes the new record and writes it with If-Match: <that ETag> (If-None-Match: * when the
 * alias does not exist yet). S3 evaluates the precondition atomically against the object's
 * current version: if anyone moved the alias in between, the PUT fails with 412 (or 409 when two
 * conditional PUTs race) and nothing is written — the loser gets `alias_conflict` and may re-read
 * and retry. S3 reads are strongly consistent (since 2020), so a reader sees either the old or
 * the new record, never a mix, and a successful move is visible to every later read. The local
 * folder store gives the same guarantee with an O_EXCL lock file plus an atomic rename. The
 * target version's manifest is checked before the move; versions are never overwritten
 * (create-once manifest), so an alias can only point at a complete version.
 */
import type { ObjectStore } from "../storage/object-store.js";
import { ObjectStoreError } from "../storage/object-store.js";
import { sha256Hex } from "../storage/sha256.js";
import { aliasRecordSchema, MODEL_NAME_PATTERN, modelManifestSchema, VERSION_PATTERN, type Alias, type AliasRecord, type ModelManifest } from "./manifest.js";
import { RegistryError } from "./registry-error.js";
import { formatIssues } from "../../shared/validation/format-issues.js";

export interface PublishInput {
  name: string;
  version: string;
  files: { path: string; bytes: Uint8Array }[];
  parent: string | null;
  config: Record<string, unknown>;
  metrics: Record<string, number>;
}

export interface LoadedModel {
  manifest: ModelManifest;
  /** File path → verified bytes. */
  files: Map<string, Uint8Array>;
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2) + "\n");

export class ModelRegistry {
  constructor(
    private readonly store: ObjectStore,
    /** Key prefix of the registry inside the store. */
    private readonly root = "models",
  ) {}

  /** Writes the files, then the manifest (create-once): a crash leaves no half-published version. */
  async publish(input: PublishInput, now = new Date()): Promise<ModelManifest> {
    checkName(input.name);
    checkVersion(input.version);
    const manifestKey = this.manifestKey(input.name, input.version);
    if (await this.store.head(manifestKey)) {
      throw new RegistryError("version_exists", `Model ${input.name} version ${input.version} already exists; versions are immutable, publish a new one.`);
    }
    const files = [];
    for (const file of input.files) {
      const info = await this.store.put(`${this.versionPrefix(input.name, input.version)}/${file.path}`, file.bytes);
      files.push({ path: file.path, sha256: sha256Hex(file.bytes), bytes: info.size });
    }
    const manifest = modelManifestSchema.parse({
      manifestVersion: 1,
      name: input.name,
      version: input.version,
      createdAt: now.toISOString(),
      parent: input.parent,
      config: input.config,
      metrics: input.metrics,
      files,
    });
    try {
      await this.store.put(manifestKey, json(manifest), { contentType: "application/json", ...(this.store.capabilities.conditionalWrites ? { ifNoneMatch: "*" as const } : {}) });
    } catch (err) {
      if (err instanceof ObjectStoreError && err.code === "precondition_failed") {
        throw new RegistryError("version_exists", `Model ${input.name} version ${input.version} was published concurrently by someone else.`);
      }
      throw err;
    }
    return manifest;
  }

  async getManifest(name: string, version: string): Promise<ModelManifest | null> {
    checkName(name);
    checkVersion(version);
    const obj = await this.store.get(this.manifestKey(name, version));
    if (!obj) return null;
    const parsed = modelManifestSchema.safeParse(JSON.parse(new TextDecoder().decode(obj.body)));
    if (!parsed.success) throw new RegistryError("manifest_invalid", `Manifest of ${name}/${version} is invalid: ${formatIssues(parsed.error).join("; ")}`);
    return parsed.data;
  }

  /** Complete versions (those with a manifest), sorted. */
  async listVersions(name: string): Promise<string[]> {
    checkName(name);
    const prefix = `${this.root}/${name}/`;
    const keys = await this.store.list(prefix);
    return keys
      .filter((k) => k.endsWith("/manifest.json") && k.split("/").length === prefix.split("/").length + 1)
      .map((k) => k.slice(prefix.length, -"/manifest.json".length))
      .sort();
  }

  /** Reads every file of a version and checks it against the manifest's sha256. */
  async load(name: string, version: string): Promise<LoadedModel> {
    const manifest = await this.getManifest(name, version);
    if (!manifest) throw new RegistryError("version_not_found", `Model ${name} has no version ${version}.`);
    const files = new Map<string, Uint8Array>();
    for (const file of manifest.files) {
      const key = `${this.versionPrefix(name, version)}/${file.path}`;
      let obj;
      try {
        obj = await this.store.get(key);
      } catch (err) {
        if (err instanceof ObjectStoreError && err.code === "integrity") throw new RegistryError("hash_mismatch", `${name}/${version}/${file.path}: ${err.message}`);
        throw err;
      }
      if (!obj) throw new RegistryError("hash_mismatch", `${name}/${version}/${file.path} is listed in the manifest but missing from the store.`);
      const actual = sha256Hex(obj.body);
      if (actual !== file.sha256) {
        throw new RegistryError("hash_mismatch", `${name}/${version}/${file.path} has sha256 ${actual}, the manifest says ${file.sha256}; the stored file is corrupt or was replaced.`);
      }
      files.set(file.path, obj.body);
    }
    return { manifest, files };
  }

  async resolve(name: string, alias: Alias): Promise<string | null> {
    return (await this.readAlias(name, alias))?.record.version ?? null;
  }

  /**
   * Points `alias` at `version` atomically. With `expectedCurrent`, refuses unless the alias
   * currently points there (e.g. "promote only if production is still the baseline I beat").
   */
  async promote(name: string, alias: Alias, version: string, options: { by: string; expectedCurrent?: string | null }): Promise<AliasRecord> {
    this.requireCas();
    if (!(await this.getManifest(name, version))) throw new RegistryError("version_not_found", `Cannot promote ${name}/${version}: no such version.`);
    const current = await this.readAlias(name, alias);
    if (options.expectedCurrent !== undefined && (current?.record.version ?? null) !== options.expectedCurrent) {
      throw new RegistryError("alias_conflict", `${name}:${alias} points at ${current?.record.version ?? "nothing"}, not ${options.expectedCurrent ?? "nothing"}; someone moved it.`);
    }
    const history = current ? [current.record.version, ...current.record.history].slice(0, 50) : [];
    return this.swap(name, alias, current?.etag, { version, history, updatedAt: new Date().toISOString(), by: options.by });
  }

  /** Moves `alias` back to the version it pointed at before the last promotion. */
  async rollback(name: string, alias: Alias, options: { by: string }): Promise<AliasRecord> {
    this.requireCas();
    const current = await this.readAlias(name, alias);
    if (!current) throw new RegistryError("alias_not_set", `${name}:${alias} is not set; nothing to roll back.`);
    const [previous, ...rest] = current.record.history;
    if (!previous) throw new RegistryError("no_previous_version", `${name}:${alias} has no earlier version to roll back to.`);
    return this.swap(name, alias, current.etag, { version: previous, history: rest, updatedAt: new Date().toISOString(), by: options.by });
  }

  private async swap(name: string, alias: Alias, etag: string | undefined, record: AliasRecord): Promise<AliasRecord> {
    try {
      await this.store.put(this.aliasKey(name, alias), json(record), {
        contentType: "application/json",
        ...(etag === undefined ? { ifNoneMatch: "*" as const } : { ifMatch: etag }),
      });
    } catch (err) {
      if (err instanceof ObjectStoreError && err.code === "precondition_failed") {
        throw new RegistryError("alias_conflict", `${name}:${alias} was moved by someone else meanwhile; re-read it and decide again.`);
      }
      throw err;
    }
    return record;
  }

  private async readAlias(name: string, alias: Alias): Promise<{ record: AliasRecord; etag: string } | null> {
    checkName(name);
    const obj = await this.store.get(this.aliasKey(name, alias));
    if (!obj) return null;
    const record = aliasRecordSchema.parse(JSON.parse(new TextDecoder().decode(obj.body)));
    return { record, etag: obj.etag };
  }

  private requireCas(): void {
    if (!this.store.capabilities.conditionalWrites) {
      throw new RegistryError("unsafe_store", `The store at ${this.store.rootUri} does not enforce conditional writes, so alias moves could be lost; use S3 or a local folder.`);
    }
  }

  private versionPrefix(name: string, version: string): string {
    return `${this.root}/${name}/${version}`;
  }

  private manifestKey(name: string, version: string): string {
    return `${this.versionPrefix(name, version)}/manifest.json`;
  }

  private aliasKey(name: string, alias: Alias): string {
    return `${this.root}/${name}/aliases/${alias}.json`;
  }
}

function checkName(name: string): void {
  if (!MODEL_NAME_PATTERN.test(name)) throw new RegistryError("invalid_name", `Model name "${name}" must be lowercase letters, digits and - (max 64).`);
}

function checkVersion(version: string): void {
  if (!VERSION_PATTERN.test(version) || version === "aliases") {
    throw new RegistryError("invalid_name", `Version "${version}" must be letters, digits, . _ - (max 64) and not "aliases".`);
  }
}
