/**
 * ObjectStore on a local folder. Writes go to a temp file in `<root>/.cxr-tmp/` and are renamed
 * into place (rename is atomic on POSIX), so a killed writer never leaves a half object under its
 * key. The sha256 recorded at write time lives in `<root>/.cxr-meta/<key>.sha256` (written
 * before the data is renamed into place) and is checked on read; it doubles as the etag.
 * Conditional writes take a per-key lock file created with O_EXCL, which is atomic across
 * processes on the same machine; a lock older than `staleLockMs` is assumed to belong to a dead
 * process and broken. Unconditional puts take no lock (a killed writer must not block its retry):
 * two of them racing on one key may leave the recorded hash of one and the bytes of the other,
 * which the next read reports as `integrity` — keys written by several processes use ifMatch.
 */
import { mkdir, open, readdir, readFile, rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { assertValidKey, ObjectStoreError, type ObjectInfo, type ObjectStore, type PutOptions, type StoredObject } from "./object-store.js";
import { writeFileAtomicAsync } from "../fs/atomic-file.js";
import { sha256Hex } from "./sha256.js";

const TMP_DIR = ".cxr-tmp";
const LOCK_DIR = ".cxr-locks";
const META_DIR = ".cxr-meta";

export interface LocalObjectStoreOptions {
  /** How long to wait for a key's lock before failing as unavailable. */
  lockTimeoutMs?: number;
  /** Locks older than this are broken (their holder died mid-write). */
  staleLockMs?: number;
}

export class LocalObjectStore implements ObjectStore {
  readonly rootUri: string;
  readonly capabilities = { conditionalWrites: true };
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;

  constructor(
    readonly root: string,
    options: LocalObjectStoreOptions = {},
  ) {
    this.root = path.resolve(root);
    this.rootUri = pathToFileURL(this.root + "/").href;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.staleLockMs = options.staleLockMs ?? 30_000;
  }

  async put(key: string, body: Uint8Array, options: PutOptions = {}): Promise<ObjectInfo> {
    assertValidKey(key);
    const conditional = options.ifMatch !== undefined || options.ifNoneMatch !== undefined;
    const release = conditional ? await this.lock(key) : undefined;
    try {
      if (conditional) await this.checkPrecondition(key, options);
      const sha256 = sha256Hex(body);
      const target = this.pathOf(key);
      const metaTarget = this.metaPathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await mkdir(path.dirname(metaTarget), { recursive: true });
      await mkdir(path.join(this.root, TMP_DIR), { recursive: true });
      // Hash first, then bytes: a reader never sees new bytes with an old hash. Not fsynced (the
      // folder store is the local stand-in for S3; a job rewrites what a crash lost).
      const tempDir = path.join(this.root, TMP_DIR);
      await writeFileAtomicAsync(metaTarget, sha256, { durable: false, tempDir });
      await writeFileAtomicAsync(target, body, { durable: false, tempDir });
      return { key, size: body.byteLength, etag: sha256, sha256 };
    } finally {
      await release?.();
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
    let body: Buffer;
    try {
      body = await readFile(this.pathOf(key));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
    const sha256 = sha256Hex(body);
    const recorded = await readFile(this.metaPathOf(key), "utf8").catch(() => undefined);
    if (recorded !== undefined && recorded !== sha256) {
      throw new ObjectStoreError("integrity", `Object "${key}" is corrupt: sha256 ${sha256} but ${recorded} was recorded at write time (${this.pathOf(key)}).`);
    }
    return { key, size: body.byteLength, etag: sha256, sha256, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
  }

  /** Cheap: stat + the recorded hash (hashes the bytes only for objects written by hand). */
  async head(key: string): Promise<ObjectInfo | null> {
    assertValidKey(key);
    let size: number;
    try {
      const s = await stat(this.pathOf(key));
      if (!s.isFile()) return null;
      size = s.size;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
    const recorded = await readFile(this.metaPathOf(key), "utf8").catch(() => undefined);
    if (recorded !== undefined) return { key, size, etag: recorded, sha256: recorded };
    const obj = await this.get(key);
    if (!obj) return null;
    const { body: _body, ...info } = obj;
    return info;
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    await this.walk(this.root, "", keys);
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await rm(this.pathOf(key), { force: true });
    await rm(this.metaPathOf(key), { force: true });
    // Folders are implicit in an object store: drop the ones this delete emptied.
    await this.pruneEmptyParents(this.pathOf(key));
    await this.pruneEmptyParents(this.metaPathOf(key));
  }

  private async pruneEmptyParents(file: string): Promise<void> {
    for (let dir = path.dirname(file); dir.startsWith(this.root + path.sep); dir = path.dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
    }
  }

  private metaPathOf(key: string): string {
    return path.join(this.root, META_DIR, ...key.split("/")) + ".sha256";
  }

  private pathOf(key: string): string {
    return path.join(this.root, ...key.split("/"));
  }

  private async walk(dir: string, rel: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".cxr-")) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await this.walk(path.join(dir, entry.name), childRel, out);
      else if (entry.isFile()) out.push(childRel);
    }
  }

  private async checkPrecondition(key: string, options: PutOptions): Promise<void> {
    const current = await this.head(key);
    if (options.ifNoneMatch === "*" && current) {
      throw new ObjectStoreError("precondition_failed", `Object "${key}" already exists (ifNoneMatch "*").`);
    }
    if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) {
      throw new ObjectStoreError("precondition_failed", `Object "${key}" changed: expected etag ${options.ifMatch}, found ${current?.etag ?? "no object"}.`);
    }
  }

  /** Cross-process mutex on one key: O_EXCL create of a lock file. */
  private async lock(key: string): Promise<() => Promise<void>> {
    const lockDir = path.join(this.root, LOCK_DIR);
    await mkdir(lockDir, { recursive: true });
    const lockPath = path.join(lockDir, encodeURIComponent(key) + ".lock");
    const deadline = Date.now() + this.lockTimeoutMs;
    for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
      try {
        const handle = await open(lockPath, "wx");
        await handle.close();
        return () => rm(lockPath, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > this.staleLockMs) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new ObjectStoreError("unavailable", `Timed out waiting for the lock on "${key}" (${lockPath}); remove it if no writer is running.`);
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}
