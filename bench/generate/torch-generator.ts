/**
 * Runs reference_torch.py with Debian's /usr/bin/python3 (PyTorch + OpenBLAS pthread), the same
 * way bench/engine does: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed for this child only (set
 * on this machine for older OpenBLAS builds, they force a slower kernel).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

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

export function runTorch(what: TorchRun["what"], o: { batch?: number; steps?: number; guidance?: number; warmup?: number; reps?: number } = {}, timeoutMs = 0): TorchRun {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const args = [SCRIPT, what, "--threads", "2", ...Object.entries(o).flatMap(([k, v]) => [`--${k}`, String(v)])];
  const r = spawnSync(PYTHON, args, { env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024, timeout: timeoutMs });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT") throw new TorchTimeout(`reference_torch.py ${what} did not finish within ${timeoutMs / 1000} s`);
  if (r.status !== 0) throw new Error(`reference_torch.py ${what} failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "") as TorchRun;
}
