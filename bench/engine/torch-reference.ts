/**
 * Runs reference_torch.py with Debian's /usr/bin/python3 (its PyTorch 1.13 + OpenBLAS pthread),
 * when present. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed for this child only: set on
 * this machine for older OpenBLAS builds, they force a slower kernel (env README).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const PYTHON = "/usr/bin/python3";
const SCRIPT = join(import.meta.dirname, "reference_torch.py");

export interface TorchModelResult {
  params: number;
  trainMs: number[];
  forwardMs: number[];
}

export interface TorchResult {
  torch: string;
  threads: number;
  batch: number;
  matmulGflops: number;
  models: Record<string, TorchModelResult>;
  maxRssMb: number;
}

/** Why PyTorch cannot be used here, or null when it can. */
export function torchUnavailable(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  return probe.status === 0 ? null : `${PYTHON} has no torch (apt-get install -y python3-torch libopenblas0-pthread)`;
}

export function runTorchReference(models: readonly string[], batch: number, warmup: number, reps: number): TorchResult {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const args = [SCRIPT, "--threads", "2", "--batch", String(batch), "--warmup", String(warmup), "--reps", String(reps), "--models", models.join(",")];
  const r = spawnSync(PYTHON, args, { env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`reference_torch.py failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as TorchResult;
}
