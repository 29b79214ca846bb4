/**
 * Engine benchmark (`npm run bench:engine`): training step and forward pass of the reference
 * DiT-style model and conv UNet (≈6–7M parameters, 64×64×1, batch 32, 2 threads) in our engine
 * and, when Debian's PyTorch is installed, in PyTorch on the same machine; peak RSS of a training
 * step; RSS over 1,000 steps of a small model. Each measurement runs in its own process.
 * Options: --warmup N (1) --reps N (3) --models dit,unet --soak-steps N (1000) --no-torch.
 * The last line of output is one JSON object with the headline figures.
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadAverage, round } from "./measure.js";
import type { ModelResult } from "./model-bench.js";
import type { SoakResult } from "./rss-soak.js";
import { runTorchReference, torchUnavailable, type TorchResult } from "./torch-reference.js";

const MODELS = ["dit", "unet"] as const;
type ModelName = (typeof MODELS)[number];

const { values: opts } = parseArgs({
  options: {
    warmup: { type: "string", default: "1" },
    reps: { type: "string", default: "3" },
    models: { type: "string", default: MODELS.join(",") },
    "soak-steps": { type: "string", default: "1000" },
    "no-torch": { type: "boolean", default: false },
  },
});
const warmup = Number(opts.warmup);
const reps = Number(opts.reps);
const soakSteps = Number(opts["soak-steps"]);
const models = opts.models.split(",").filter((m) => m !== "");
const unknown = models.filter((m) => !(MODELS as readonly string[]).includes(m));
if (unknown.length > 0 || !(warmup >= 0) || !(reps >= 1) || !(soakSteps >= 200)) {
  console.error(`usage: bench:engine [--warmup N≥0] [--reps N≥1] [--models ${MODELS.join(",")}] [--soak-steps N≥200] [--no-torch]${unknown.length ? ` (unknown model: ${unknown.join(", ")})` : ""}`);
  process.exit(2);
}

function worker<T>(...args: string[]): T {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "worker.ts"), ...args], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`bench worker ${args.join(" ")} failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-5).join(" | ")}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as T;
}

const log = (s: string): void => void process.stdout.write(s + "\n");
log(`machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length} cores, Node ${process.version}, load before ${loadAverage().join(" ")}`);
const loadBefore = loadAverage();

// Ours and PyTorch back to back per model: on a shared machine the load drifts, and measuring
// both sides close together keeps the ratio meaningful.
const why = opts["no-torch"] ? "--no-torch" : torchUnavailable();
if (why !== null) log(`PyTorch comparison skipped: ${why}`);
const ours: Partial<Record<ModelName, ModelResult>> = {};
const torchRuns: TorchResult[] = [];
for (const m of models as ModelName[]) {
  log(`\n[${m}] training step + forward, batch 32, warmup ${warmup}, reps ${reps} …`);
  const r = worker<ModelResult>(m, String(warmup), String(reps));
  ours[m] = r;
  log(`  params ${(r.params / 1e6).toFixed(2)}M, forward ${r.forwardGflop} GFLOP (train step counted 3×)`);
  log(`  train step ${r.train.medianMs} ms (ORT run ${r.trainRun.medianMs} ms + AdamW ${r.optimizer.medianMs} ms) = ${r.trainGflops} GFLOP/s; samples ${r.train.samples.join(", ")}`);
  log(`  forward    ${r.forward.medianMs} ms = ${r.forwardGflops} GFLOP/s; samples ${r.forward.samples.join(", ")}; compile ${r.compileMs} ms, session ${r.sessionMs} ms; peak RSS ${r.maxRssMbAfter} MiB`);
  if (why === null) {
    const t = runTorchReference([m], 32, warmup, reps);
    torchRuns.push(t);
    const tm = t.models[m]!;
    log(`  PyTorch ${t.torch}: train ${tm.trainMs.map((x) => round(x, 1)).join(", ")} ms; forward ${tm.forwardMs.map((x) => round(x, 1)).join(", ")} ms; peak RSS ${t.maxRssMb} MiB; 16384×256×1024 matmul ${t.matmulGflops} GFLOP/s`);
  }
}

log(`\n[soak] ${soakSteps} steps of a small model through Trainer …`);
const soak = worker<SoakResult>("soak", String(soakSteps));
log(`  ${soak.model} (${soak.params} params): RSS ${soak.rssMb.join(" → ")} MiB, growth ${soak.growthPct}% (${soak.flat ? "flat" : "NOT flat"}), ${soak.msPerStep} ms/step`);

const torch: TorchResult | null =
  torchRuns.length === 0
    ? null
    : {
        ...torchRuns[0]!,
        matmulGflops: Math.min(...torchRuns.map((t) => t.matmulGflops)),
        maxRssMb: Math.max(...torchRuns.map((t) => t.maxRssMb)),
        models: Object.assign({}, ...torchRuns.map((t) => t.models)) as TorchResult["models"],
      };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
log("");
const headline: Record<string, unknown> = { bench: "engine", batch: 32, threads: 2, loadAvgBefore: loadBefore, loadAvgAfter: loadAverage() };
for (const m of models as ModelName[]) {
  const r = ours[m]!;
  const entry: Record<string, unknown> = {
    params: r.params,
    trainMs: r.train.medianMs,
    trainGflops: r.trainGflops,
    forwardMs: r.forward.medianMs,
    forwardGflops: r.forwardGflops,
    adamwMs: r.optimizer.medianMs,
    peakRssMb: r.maxRssMbAfter,
  };
  const t = torch?.models[m];
  if (t !== undefined) {
    if (t.params !== r.params) {
      log(`  ${m}: PyTorch has ${t.params} parameters, ours ${r.params}: architectures differ, no ratio reported`);
      entry.torchParamsDiffer = t.params;
    } else {
      const tTrain = median(t.trainMs);
      const tFwd = median(t.forwardMs);
      Object.assign(entry, {
        torchTrainMs: round(tTrain, 1),
        torchForwardMs: round(tFwd, 1),
        torchTrainGflops: round((3 * r.forwardGflop) / (tTrain / 1000), 1),
        trainRatio: round(r.train.medianMs / tTrain, 2),
        forwardRatio: round(r.forward.medianMs / tFwd, 2),
        // Best-of ratios: less sensitive to other processes' load than medians.
        trainRatioMin: round(r.train.minMs / Math.min(...t.trainMs), 2),
        forwardRatioMin: round(r.forward.minMs / Math.min(...t.forwardMs), 2),
      });
      log(`  ${m}: ours/PyTorch training ${entry.trainRatio} (median ${r.train.medianMs} vs ${round(tTrain, 1)} ms; best-of ${entry.trainRatioMin}), forward ${entry.forwardRatio} (median ${r.forward.medianMs} vs ${round(tFwd, 1)} ms; best-of ${entry.forwardRatioMin})`);
    }
  }
  headline[m] = entry;
}
const dit = ours.dit as (ModelResult & { checkpoint?: { mb: number; saveMs: number; loadMs: number } }) | undefined;
if (dit?.checkpoint) headline.checkpoint = dit.checkpoint;
headline.soak = { steps: soak.steps, params: soak.params, rssFirstMb: soak.rssMb[0], rssLastMb: soak.rssMb.at(-1), growthPct: soak.growthPct, flat: soak.flat };
if (torch) headline.torch = { version: torch.torch, matmulGflops: torch.matmulGflops, peakRssMb: torch.maxRssMb };
console.log(JSON.stringify(headline));
