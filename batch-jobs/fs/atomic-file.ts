/**
 * Crash-safe file writes, the one copy: write to a temporary name (same folder unless told),
 * fsync, rename over the final name, fsync the folder. A reader sees the old file or the whole
 * new one, never a mix. Two forms: writeFileAtomic (synchronous, for the synchronous checkpoint
 * save; returns the sha256 computed over the bytes as they are written, not re-read) and
 * writeFileAtomicAsync (everything else: runner state and specs, local object store, dataset
 * sinks, the demo page build), whose fsyncs can be skipped where a lost write is simply redone.
 * It lives in fs/, below both storage/ and ml/, so neither imports the other for it.
 * Temporary names are `.<name>.<12 hex>.tmp`, hidden, so listings can skip and sweep them.
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export interface AtomicWriteOptions {
  /** fsync the file and its folder, so the write survives a power loss (default true). */
  durable?: boolean;
  /** Folder for the temporary file (must be on the same filesystem); default the target's folder. */
  tempDir?: string;
}

/** Matches the file name of a temporary (a leftover after a crash), so listings skip and sweep it. */
export const TEMP_NAME_PATTERN = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** The temporary name of a write to `path` (hidden; `.<name>.<12 hex>.tmp`). */
export function tempPathFor(path: string, tempDir = dirname(path)): string {
  return join(tempDir, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}

export async function writeFileAtomicAsync(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const durable = options.durable ?? true;
  const temp = tempPathFor(path, options.tempDir);
  try {
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(data);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  if (durable) await fsyncDirAsync(dirname(path));
}

/** Async form of fsyncDir. */
export async function fsyncDirAsync(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface WrittenFile {
  sha256: string;
  bytes: number;
}

/** Test seam: called after the temporary file is complete and synced, before the rename. */
export type BeforeRename = (tempPath: string, finalPath: string) => void;

export function writeFileAtomic(path: string, chunks: readonly Uint8Array[], beforeRename?: BeforeRename): WrittenFile {
  const temp = tempPathFor(path);
  const hash = createHash("sha256");
  let bytes = 0;
  const fd = openSync(temp, "wx");
  try {
    for (const chunk of chunks) {
      let done = 0;
      while (done < chunk.byteLength) done += writeSync(fd, chunk, done, chunk.byteLength - done);
      hash.update(chunk);
      bytes += chunk.byteLength;
    }
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    beforeRename?.(temp, path);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  fsyncDir(dirname(path));
  return { sha256: hash.digest("hex"), bytes };
}

/** Makes a rename or a new entry in `dir` durable (POSIX: the entry lives in the folder). */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
