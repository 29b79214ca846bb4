/**
 * Runs a PyTorch reference script (reference_torch.py here, bench/finetune's PPO step) with
 * Debian's /usr/bin/python3 (PyTorch + OpenBLAS pthread), the same way bench/engine does:
 * OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed for this child only (set on this machine for older
 * OpenBLAS builds, they force a slower kernel), within a time budget.
 */
import { spawnSync } from "node:child_process";
import { basename, join } from "node:path";
import { loadAverage } from "../engine/measure.js";

export { torchUnavailable } from "../engine/torch-reference.js";

const PYTHON = "/usr/bin/python3";
const SCRIPT = join(import.meta.dirname, "reference_torch.py");

export interface TorchParams {
  encoder: number;
  denoiser: number;
  total: number;
}

export interface TorchRun {
  torch: string;
  threads: number;
  what: "params" | "sample" | "train";
  batch: number;
  params: TorchParams;
  /** Every timed repetition (one sampler call or one training step), in ms. */
  ms?: number[];
  maxRssMb: number;
}

/** Thrown when the reference overruns its time budget (on a loaded machine PyTorch's 2 threads can crawl). */
export class TorchTimeout extends Error {}

/** `script what --threads 2 --<option> <value>…` on 2 threads; its last stdout line parsed as JSON. timeoutMs 0 = none. */
export function runTorchScript<T>(script: string, what: string, o: Record<string, number | string>, timeoutMs = 0): T {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const name = `${basename(script)} ${what}`;
  const args = [script, what, "--threads", "2", ...Object.entries(o).flatMap(([k, v]) => [`--${k}`, String(v)])];
  const r = spawnSync(PYTHON, args, { env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024, timeout: timeoutMs });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT") throw new TorchTimeout(`${name} did not finish within ${timeoutMs / 1000} s`);
  if (r.status !== 0) throw new Error(`${name} failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "") as T;
}

/** `posture: 1` when the measured architecture conditions on posture (the reference then does too). */
export function runTorch(what: TorchRun["what"], o: { batch?: number; steps?: number; guidance?: number; warmup?: number; reps?: number; posture?: 0 | 1 } = {}, timeoutMs = 0): TorchRun {
  return runTorchScript<TorchRun>(SCRIPT, what, o, timeoutMs);
}

/**
 * A reference run held to its budget: the run, or null (the reason logged) when it overran, so a
 * bench reports that measurement without a ratio instead of stalling.
 */
export function withinBudget<T>(run: () => T, log: (line: string) => void): T | null {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof TorchTimeout)) throw e;
    log(`  PyTorch: ${e.message} (load ${loadAverage().join(" ")}): no ratio for this measurement`);
    return null;
  }
}
