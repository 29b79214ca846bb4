/**
 * DatasetSink on a local folder. Each file is written to a temp name beside its target and
 * renamed into place (atomic on POSIX within one filesystem), so the folder holds only whole files
 * plus, after a crash, `.*.tmp` leftovers that list() ignores and cleanTemp() removes.
 */
import { mkdir, readdir, readFile, rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { assertSafeRelativePath } from "../../../shared/dataset/layout.js";
import { TEMP_NAME_PATTERN, writeFileAtomicAsync } from "../../fs/atomic-file.js";
import type { DatasetSink } from "./sink.js";

export class LocalFolderSink implements DatasetSink {
  readonly location: string;

  constructor(readonly root: string) {
    this.location = path.resolve(root);
  }

  private resolve(relative: string): string {
    assertSafeRelativePath(relative, this.location);
    return path.join(this.location, ...relative.split("/"));
  }

  async putFile(relative: string, bytes: Uint8Array): Promise<void> {
    const target = this.resolve(relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomicAsync(target, bytes, { durable: false });
  }

  async getFile(relative: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.resolve(relative));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async has(relative: string): Promise<boolean> {
    try {
      return (await stat(this.resolve(relative))).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw e;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    await this.walk("", out, false);
    return out.filter((p) => p.startsWith(prefix)).sort();
  }

  /** Removes temp files left by writers that were killed mid-write. */
  async cleanTemp(): Promise<number> {
    const temps: string[] = [];
    await this.walk("", temps, true);
    await Promise.all(temps.map((t) => rm(path.join(this.location, ...t.split("/")), { force: true })));
    return temps.length;
  }

  /** Also removes folders the deletion leaves empty, so a finished dataset has no empty shard or .pending folders. */
  async delete(relative: string): Promise<void> {
    await rm(this.resolve(relative), { force: true });
    const segments = relative.split("/").slice(0, -1);
    while (segments.length > 0) {
      try {
        await rmdir(path.join(this.location, ...segments));
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      segments.pop();
    }
  }

  private async walk(dir: string, out: string[], temps: boolean): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(this.location, dir), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      throw e;
    }
    for (const entry of entries) {
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) await this.walk(rel, out, temps);
      else if (entry.isFile() && TEMP_NAME_PATTERN.test(entry.name) === temps) out.push(rel);
    }
  }
}
