/**
 * Fine-tune benchmark (`npm run bench:finetune`): the `cxrl` RLCF config on the generator of
 * bench/generate (committed bundle, else fresh cxr-64 weights), 2 threads: seconds per epoch
 * (runFinetune: rollout, reward scoring, PPO updates) and trajectories/s; ms per PPO step (one
 * trainBatch chunk through the policy graph, forward + backward of LoRA + ACE, and AdamW); peak
 * RSS of each, in a process of its own; beside the PPO step the same step in PyTorch
 * (reference_torch_ppo.py) when Debian's PyTorch is installed, with a ratio only when the
 * trainable parameter counts match.
 * Options: --warmup N (1) --reps N (3) --prompts N --samples N --steps N --train-batch N (the
 *   config's) --torch-timeout S (900, per PyTorch run) --no-torch --no-epoch
 * The last line of output is one JSON object with the headline figures.
 */
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { FinetuneConfig } from "../../batch-jobs/rlcf/config.js";
import { loadAverage, round } from "../engine/measure.js";
import { compareWithTorch, median } from "../generate/compare.js";
import { runWorker } from "../generate/spawn-worker.js";
import { torchUnavailable, withinBudget } from "../generate/torch-generator.js";
import type { EpochResult } from "./epoch-bench.js";
import { CONFIG_NAME, measuredConfig, type ConfigOverrides, type TrainableCounts } from "./measured-config.js";
import type { PpoResult } from "./ppo-bench.js";
import { runTorchPpo, type TorchPpoRun } from "./torch-ppo.js";

const USAGE = "usage: bench:finetune [--warmup N≥0] [--reps N≥1] [--prompts N] [--samples N] [--steps N] [--train-batch N] [--torch-timeout S] [--no-torch] [--no-epoch]";
const { values: opts } = parseArgs({
  options: {
    warmup: { type: "string", default: "1" },
    reps: { type: "string", default: "3" },
    prompts: { type: "string" },
    samples: { type: "string" },
    steps: { type: "string" },
    "train-batch": { type: "string" },
    "torch-timeout": { type: "string", default: "900" },
    "no-torch": { type: "boolean", default: false },
    "no-epoch": { type: "boolean", default: false },
  },
});
const [warmup, reps, torchTimeoutS] = [opts.warmup, opts.reps, opts["torch-timeout"]].map(Number) as [number, number, number];
const sized = { promptsPerEpoch: opts.prompts, samplesPerPrompt: opts.samples, steps: opts.steps, trainBatch: opts["train-batch"] };
const overrides: ConfigOverrides = Object.fromEntries(Object.entries(sized).filter((e): e is [string, string] => e[1] !== undefined).map(([k, v]) => [k, Number(v)]));
/** The measured config, or what is wrong with the sizes asked for. */
function parseConfig(): FinetuneConfig | string {
  try {
    return measuredConfig(overrides);
  } catch (e) {
    return e instanceof z.ZodError ? z.prettifyError(e) : (e as Error).message;
  }
}
const parsed = parseConfig();
if (!(warmup >= 0 && reps >= 1 && torchTimeoutS > 0) || typeof parsed === "string") {
  console.error(`${USAGE}${typeof parsed === "string" ? `\n${parsed}` : ""}`);
  process.exit(2);
}
const cfg = parsed;

const overridesArg = JSON.stringify(overrides);
const worker = <T>(what: string, ...args: number[]): T => runWorker<T>(join(import.meta.dirname, "worker.ts"), what, overridesArg, ...args);
const log = (s: string): void => void process.stdout.write(s + "\n");
const loadBefore = loadAverage();
log(`machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length} cores, Node ${process.version}, load before ${loadBefore.join(" ")}`);

const trajectories = cfg.promptsPerEpoch * cfg.samplesPerPrompt;
log(`config ${CONFIG_NAME}${Object.keys(overrides).length ? ` with ${overridesArg}` : ""}: ${cfg.promptsPerEpoch} prompts × ${cfg.samplesPerPrompt} samples = ${trajectories} trajectories of ${cfg.steps} steps (guidance ${cfg.guidance}, η ${cfg.eta}), ${cfg.updatesPerEpoch} updates per epoch in chunks of ${cfg.trainBatch}, LoRA r ${cfg.lora.rank} α ${cfg.lora.alpha}${cfg.ace ? " + ACE" : ""}, ${cfg.threads} threads`);
const ours = worker<TrainableCounts & { committedBundle: boolean; architecture: Record<string, number> }>("params");
log(`anchor: ${ours.committedBundle ? "the committed bundle (models/)" : "freshly initialised weights (no committed bundle in models/; timings do not depend on the weights)"} ${JSON.stringify(ours.architecture)}`);
log(`  trainable ${ours.trainable} parameters (LoRA ${ours.lora}, ACE ${ours.ace}) over a frozen denoiser of ${ours.denoiser}`);

const why = opts["no-torch"] ? "--no-torch" : torchUnavailable();
const torchParams: TrainableCounts | null = why === null ? runTorchPpo("params", cfg).params : null;
const sameArchitecture = torchParams !== null && (["denoiser", "lora", "ace", "trainable"] as const).every((k) => torchParams[k] === ours[k]);
if (torchParams === null) log(`PyTorch comparison skipped: ${why}`);
else log(sameArchitecture ? "  PyTorch reference: same parameter counts" : `  PyTorch reference has ${JSON.stringify(torchParams)}: models differ, no ratio reported`);

let epoch: Record<string, unknown> | null = null;
let epochRss = 0;
if (!opts["no-epoch"]) {
  log(`\n[epoch] runFinetune, warmup ${warmup} epoch(s), reps ${reps}; load ${loadAverage()[0]} …`);
  const r = worker<EpochResult>("epoch", warmup, reps);
  const s = (ms: number) => round(ms / 1000, 2);
  log(`  ${r.source} ${r.label}: ${s(r.epoch.medianMs)} s per epoch = ${r.trajectoriesPerSec} trajectories/s (${r.trajectories} trajectories, ${r.transitions} transitions in ${r.updates} updates); samples ${r.epoch.samples.map(s).join(", ")} s${r.warmupMs.length ? `; warmup (with session creation) ${r.warmupMs.map(s).join(", ")} s` : ""}; peak RSS ${r.peakRssMb} MiB`);
  epoch = { seconds: s(r.epoch.medianMs), minSeconds: s(r.epoch.minMs), samplesS: r.epoch.samples.map(s), warmupS: r.warmupMs.map(s), trajectories: r.trajectories, transitions: r.transitions, updates: r.updates, trajectoriesPerSec: r.trajectoriesPerSec, peakRssMb: r.peakRssMb };
  epochRss = r.peakRssMb;
}

log(`\n[ppo] one PPO step of ${cfg.trainBatch} transitions (${cfg.trainBatch * (cfg.guidance === 1 ? 1 : 2)} denoiser rows, forward + backward of LoRA + ACE, clip, AdamW), warmup ${warmup}, reps ${reps}; load ${loadAverage()[0]} …`);
const p = worker<PpoResult>("ppo", warmup, reps);
log(`  ours: ${p.step.medianMs} ms per step (ORT ${p.trainRun.medianMs} ms) = ${p.transitionsPerSec} transitions/s; samples ${p.step.samples.join(", ")}; policy setup ${p.setupMs} ms; peak RSS ${p.peakRssMb} MiB`);
const t: TorchPpoRun | null = torchParams ? withinBudget(() => runTorchPpo("ppo", cfg, { warmup, reps }, torchTimeoutS * 1000), log) : null;
const cmp = compareWithTorch(p.step, t?.ms, sameArchitecture);
if (t) log(`  PyTorch ${t.torch}: ${cmp.torchMs} ms per step = ${round(cfg.trainBatch / (median(t.ms!) / 1000), 2)} transitions/s; samples ${cmp.torchSamplesMs!.join(", ")}; peak RSS ${t.maxRssMb} MiB${cmp.ratio !== undefined ? `; ours/PyTorch time ${cmp.ratio} (best-of ${cmp.ratioMin})` : ""}`);

const loadAfter = loadAverage();
log(`\nload after ${loadAfter.join(" ")}`);
console.log(JSON.stringify({
  bench: "finetune", config: CONFIG_NAME, overrides, generator: `${p.source} ${p.label}`, threads: cfg.threads, loadAvgBefore: loadBefore, loadAvgAfter: loadAfter,
  sizes: { promptsPerEpoch: cfg.promptsPerEpoch, samplesPerPrompt: cfg.samplesPerPrompt, steps: cfg.steps, guidance: cfg.guidance, eta: cfg.eta, updatesPerEpoch: cfg.updatesPerEpoch, trainBatch: cfg.trainBatch },
  params: { ours: { denoiser: ours.denoiser, lora: ours.lora, ace: ours.ace, trainable: ours.trainable }, torch: torchParams },
  epoch,
  ppo: { batch: cfg.trainBatch, ...cmp, ortMs: p.trainRun.medianMs, transitionsPerSec: p.transitionsPerSec, setupMs: p.setupMs, peakRssMb: p.peakRssMb },
  peakRssMb: Math.max(epochRss, p.peakRssMb),
  torch: torchParams ? { sameArchitecture, peakRssMb: t?.maxRssMb ?? null } : null,
}));
