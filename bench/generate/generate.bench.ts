/**
 * Generator benchmark (`npm run bench:generate`), `cxr-64` at 64×64, 2 threads: sampling
 * throughput through GeneratorModel (DDIM, CFG, η = 0) at batch 1 and 16, one training step
 * (batch 32), peak RSS of each, and the local end-to-end latency of demo generations; beside each
 * of the first two, the same work in PyTorch (reference_torch.py) when Debian's PyTorch is
 * installed. Each of our measurements runs in its own process (its own peak RSS).
 * Options: --warmup N (1) --reps N (3) --steps N (50) --guidance W (4) --batches 1,16
 *   --train-batch N (32) --e2e-runs N (3) --torch-timeout S (900, per PyTorch run) --no-torch --no-e2e
 * The last line of output is one JSON object with the headline figures.
 */
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SAMPLER_DEFAULTS } from "../../shared/sampler/settings.js";
import { loadAverage, round } from "../engine/measure.js";
import { benchE2e } from "./e2e-latency.js";
import { compareWithTorch, median, type Comparison } from "./compare.js";
import type { SampleResult } from "./sample-bench.js";
import { runWorker } from "./spawn-worker.js";
import { runTorch, torchUnavailable, withinBudget, type TorchParams, type TorchRun } from "./torch-generator.js";
import type { TrainResult } from "./train-bench.js";

const { values: opts } = parseArgs({
  options: {
    warmup: { type: "string", default: "1" },
    reps: { type: "string", default: "3" },
    steps: { type: "string", default: String(SAMPLER_DEFAULTS.steps) },
    guidance: { type: "string", default: String(SAMPLER_DEFAULTS.guidance) },
    batches: { type: "string", default: "1,16" },
    "train-batch": { type: "string", default: "32" },
    "e2e-runs": { type: "string", default: "3" },
    "torch-timeout": { type: "string", default: "900" },
    "no-torch": { type: "boolean", default: false },
    "no-e2e": { type: "boolean", default: false },
  },
});
const [warmup, reps, steps, guidance, trainBatch, e2eRuns] = [opts.warmup, opts.reps, opts.steps, opts.guidance, opts["train-batch"], opts["e2e-runs"]].map(Number) as [number, number, number, number, number, number];
const batches = opts.batches.split(",").filter((b) => b !== "").map(Number);
if (!(warmup >= 0 && reps >= 1 && steps >= 1 && guidance >= 0 && trainBatch >= 1 && e2eRuns >= 1 && Number(opts["torch-timeout"]) > 0) || !batches.every((b) => [1, 4, 16].includes(b))) {
  console.error("usage: bench:generate [--warmup N≥0] [--reps N≥1] [--steps N≥1] [--guidance W≥0] [--batches 1,4,16] [--train-batch N] [--e2e-runs N≥1] [--torch-timeout S] [--no-torch] [--no-e2e]");
  process.exit(2);
}

const worker = <T>(...args: (string | number)[]): T => runWorker<T>(join(import.meta.dirname, "worker.ts"), ...args);

const log = (s: string): void => void process.stdout.write(s + "\n");
const loadBefore = loadAverage();
log(`machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length} cores, Node ${process.version}, load before ${loadBefore.join(" ")}`);

const ours = worker<TorchParams & { committedBundle: boolean; architecture: Record<string, number | boolean> }>("params");
/** The reference builds the same optional parts as the measured architecture. */
const referenceParts = ours.architecture.posture ? { posture: 1 as const } : {};
log(`generator: ${ours.committedBundle ? "the committed bundle (models/)" : "freshly initialised weights (no committed bundle in models/; timings do not depend on the weights)"}`);
log(`  cxr-64 ${JSON.stringify(ours.architecture)}: ${ours.total} parameters (encoder ${ours.encoder}, denoiser ${ours.denoiser})`);
const why = opts["no-torch"] ? "--no-torch" : torchUnavailable();
let sameArchitecture = false;
if (why !== null) log(`PyTorch comparison skipped: ${why}`);
else {
  const t = runTorch("params", referenceParts).params;
  sameArchitecture = t.encoder === ours.encoder && t.denoiser === ours.denoiser;
  log(sameArchitecture ? `  PyTorch reference: same parameter counts` : `  PyTorch reference has encoder ${t.encoder} / denoiser ${t.denoiser} parameters: architectures differ, no ratios reported`);
}
const torchOn = why === null;
const torchRss: number[] = [];
const torchTimeoutMs = Number(opts["torch-timeout"]) * 1000;
/** The reference's run, or null (with the reason logged) when it overran its budget. */
function torchRun(what: "sample" | "train", o: Parameters<typeof runTorch>[1]): TorchRun | null {
  if (!torchOn) return null;
  const t = withinBudget(() => runTorch(what, { ...referenceParts, ...o }, torchTimeoutMs), log);
  if (t) torchRss.push(t.maxRssMb);
  return t;
}

// Ours and PyTorch back to back per measurement: on a shared machine the load drifts.
const sampling: Record<string, Comparison & { imagesPerSec: number; msPerPass: number; peakRssMb: number; loadMs: number }> = {};
let source = "";
for (const b of batches) {
  log(`\n[sample b${b}] ${steps} DDIM steps, guidance ${guidance} (${guidance === 1 ? 1 : 2} denoiser passes/step), η = 0, warmup ${warmup}, reps ${reps}; load ${loadAverage()[0]} …`);
  const r = worker<SampleResult>("sample", b, steps, guidance, warmup, reps);
  source = `${r.source} ${r.label}`;
  log(`  ours: ${r.call.medianMs} ms per call = ${r.imagesPerSec} images/s (${r.msPerPass} ms per denoiser pass); samples ${r.call.samples.join(", ")}; load + sessions ${r.loadMs} ms; peak RSS ${r.peakRssMb} MiB`);
  const t = torchRun("sample", { batch: b, steps, guidance, warmup, reps });
  const cmp = compareWithTorch(r.call, t?.ms, sameArchitecture);
  if (t) log(`  PyTorch ${t.torch}: ${cmp.torchMs} ms per call = ${round(b / (median(t.ms!) / 1000), 3)} images/s; samples ${t.ms!.map((x) => round(x, 1)).join(", ")}; peak RSS ${t.maxRssMb} MiB${cmp.ratio !== undefined ? `; ours/PyTorch time ${cmp.ratio} (best-of ${cmp.ratioMin})` : ""}`);
  sampling[`b${b}`] = { ...cmp, imagesPerSec: r.imagesPerSec, msPerPass: r.msPerPass, peakRssMb: r.peakRssMb, loadMs: r.loadMs };
}

log(`\n[train] one step (forward + backward + AdamW), batch ${trainBatch}, warmup ${warmup}, reps ${reps}; load ${loadAverage()[0]} …`);
const tr = worker<TrainResult>("train", trainBatch, warmup, reps);
log(`  ours: ${tr.step.medianMs} ms per step (ORT ${tr.trainRun.medianMs} + AdamW ${tr.optimizer.medianMs} ms) = ${tr.samplesPerSec} samples/s; samples ${tr.step.samples.join(", ")}; compile ${tr.compileMs} ms, session ${tr.sessionMs} ms; peak RSS ${tr.peakRssMb} MiB`);
const tt = torchRun("train", { batch: trainBatch, warmup, reps });
const trainCmp = compareWithTorch(tr.step, tt?.ms, sameArchitecture);
if (tt) log(`  PyTorch: ${trainCmp.torchMs} ms per step; samples ${tt.ms!.map((x) => round(x, 1)).join(", ")}; peak RSS ${tt.maxRssMb} MiB${trainCmp.ratio !== undefined ? `; ours/PyTorch time ${trainCmp.ratio} (best-of ${trainCmp.ratioMin})` : ""}`);

let e2e: Record<string, unknown> | null = null;
if (!opts["no-e2e"]) {
  log(`\n[e2e] ${e2eRuns} demo generations (request → PNG served), ${steps} steps, guidance ${guidance}; load ${loadAverage()[0]} …`);
  const r = await benchE2e({ seeds: Array.from({ length: e2eRuns }, (_, i) => 101 + i), steps, guidance });
  log(`  ${r.source}; stack started in ${r.stackStartMs} ms`);
  for (const run of r.runs) log(`  seed ${run.seed}: ${run.totalMs} ms (accepted ${run.acceptedMs} ms, succeeded ${run.succeededMs} ms, PNG ${run.pngBytes} B)${run.totalMs <= 10_000 ? "" : " — over the 10 s target"}`);
  const totals = r.runs.map((x) => x.totalMs);
  e2e = { source: r.source, runsMs: totals, medianMs: median(totals), targetMs: 10_000, withinTarget: totals.every((x) => x <= 10_000) };
}

const loadAfter = loadAverage();
log(`\nload after ${loadAfter.join(" ")}`);
const train = { batch: trainBatch, ...trainCmp, samplesPerSec: tr.samplesPerSec, ortMs: tr.trainRun.medianMs, adamwMs: tr.optimizer.medianMs, peakRssMb: tr.peakRssMb };
const peakRssMb = Math.max(tr.peakRssMb, ...Object.values(sampling).map((s) => s.peakRssMb));
console.log(JSON.stringify({
  bench: "generate", generator: source, params: ours.total, steps, guidance, eta: 0, threads: 2, loadAvgBefore: loadBefore, loadAvgAfter: loadAfter,
  sample: sampling, train, peakRssMb, e2e, torch: torchOn ? { sameArchitecture, peakRssMb: torchRss.length ? Math.max(...torchRss) : null } : null,
}));
