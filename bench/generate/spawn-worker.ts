/**
 * Runs one measurement in a Node process of its own (a bench's worker.ts under tsx), so its peak
 * RSS (ru_maxrss) belongs to that measurement alone; returns the worker's last stdout line as JSON.
 */
import { spawnSync } from "node:child_process";

export function runWorker<T>(script: string, ...args: (string | number)[]): T {
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args.map(String)], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`bench worker ${args.join(" ")} failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-5).join(" | ")}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as T;
}
