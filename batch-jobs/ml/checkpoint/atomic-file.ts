/**
 * Crash-safe file writes: write to a temporary name in the same folder, fsync, rename over the
 * final name, fsync the folder. A reader sees the old file or the whole new one, never a mix;
 * sha256 is computed over the bytes as they are written, not re-read.
 */
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface WrittenFile {
  sha256: string;
  bytes: number;
}

/** Test seam: called after the temporary file is complete and synced, before the rename. */
export type BeforeRename = (tempPath: string, finalPath: string) => void;

export function writeFileAtomic(path: string, chunks: readonly Uint8Array[], beforeRename?: BeforeRename): WrittenFile {
  const temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Date.now().toString(36)}`);
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
