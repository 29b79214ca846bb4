/**
 * The runner's durable state: one JSON file rewritten atomically (temp file + fsync + rename) on
 * every change, so a crash leaves either the old or the new state, never a torn file. Writes are
 * serialised through a promise chain; the last requested state always wins.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomicAsync } from "../fs/atomic-file.js";
import type { JobRecord } from "./job-record.js";

export interface RunnerStateData {
  version: 1;
  jobs: JobRecord[];
}

export class StateFileError extends Error {
  override readonly name = "StateFileError";
}

export class StateFile {
  private chain: Promise<void> = Promise.resolve();
  readonly path: string;

  constructor(stateDir: string) {
    this.path = path.join(stateDir, "runner-state.json");
  }

  async load(): Promise<RunnerStateData> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, jobs: [] };
      throw err;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new StateFileError(`Runner state file ${this.path} is not valid JSON; move it aside to start with an empty state.`);
    }
    if (!data || typeof data !== "object" || (data as RunnerStateData).version !== 1 || !Array.isArray((data as RunnerStateData).jobs)) {
      throw new StateFileError(`Runner state file ${this.path} has an unknown format (expected version 1); move it aside to start fresh.`);
    }
    return data as RunnerStateData;
  }

  /** Queues a write of `data` (serialised now, so later mutations do not leak in). */
  save(data: RunnerStateData): Promise<void> {
    const text = JSON.stringify(data, null, 1);
    this.chain = this.chain.catch(() => undefined).then(() => this.write(text));
    return this.chain;
  }

  private async write(text: string): Promise<void> {
    await mkdir(path.dirname(this.path), { recursive: true });
    await writeFileAtomicAsync(this.path, text);
  }
}
