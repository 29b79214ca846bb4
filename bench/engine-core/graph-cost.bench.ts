/**
 * Cost of the emitted training graph relative to its forward graph (engine-core's efficiency
 * figure): the reference DiT or UNet of bench/engine/models/, compiled for inference and training,
 * timed in CPU time (process user+sys; ORT spinning off so idle threads burn nothing) and wall
 * time, per ORT graph-optimisation level. CPU time stays meaningful when other processes share the
 * cores; an ideal backward costs ≈ 2× the forward, so ≈ 3× for a training step.
 * Usage: npx tsx bench/engine-core/graph-cost.bench.ts [--model dit|unet] [--batch 8] [--reps 3]
 * The last line of output is one JSON object with the headline figures.
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { GraphBuilder, Runtime, compileInference, compileTraining, initParameters, type CompiledModel, type NamedTensors } from "../../batch-jobs/ml/index.js";
import { buildDit } from "../engine/models/dit.js";
import { buildUnet } from "../engine/models/unet.js";

const MODELS = { dit: buildDit, unet: buildUnet } as const;
const { values: opts } = parseArgs({ options: { batch: { type: "string", default: "8" }, reps: { type: "string", default: "3" }, model: { type: "string", default: "dit" } } });
const batch = Number(opts.batch);
const reps = Number(opts.reps);
const model = opts.model as keyof typeof MODELS;
if (!(Number.isInteger(batch) && batch >= 1 && Number.isInteger(reps) && reps >= 1 && model in MODELS)) {
  console.error("usage: graph-cost.bench.ts [--batch N≥1] [--reps N≥1] [--model dit|unet]");
  process.exit(2);
}

const round = (x: number): number => Math.round(x);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function feedsFor(m: CompiledModel, params: NamedTensors<Float32Array>): NamedTensors {
  const feeds: NamedTensors = {};
  for (const s of m.inputs) {
    const n = s.dims.reduce((a, b) => a * b, 1);
    feeds[s.name] = params[s.name] ?? { dims: [...s.dims], data: Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37)) };
  }
  return feeds;
}

async function time(m: CompiledModel, params: NamedTensors<Float32Array>, level: "basic" | "extended" | "all") {
  const sess = await Runtime.create(m.onnxBytes, { graphOptimization: level, allowSpinning: false });
  const feeds = feedsFor(m, params);
  await sess.run(feeds);
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await sess.run(feeds);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  await sess.dispose();
  return { cpuMs: round(median(cpu)), wallMs: round(median(wall)) };
}

function opCounts(g: GraphBuilder, from: number, to: number): Record<string, number> {
  const c: Record<string, number> = {};
  for (const n of g.nodes.slice(from, to)) if (!["Param", "Input", "Constant", "Reshape"].includes(n.op)) c[n.op] = (c[n.op] ?? 0) + 1;
  return Object.fromEntries(Object.entries(c).sort((a, b) => b[1] - a[1]));
}

const log = (s: string): void => void process.stdout.write(s + "\n");
log(`machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length} cores, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
const g = MODELS[model](batch);
const params = initParameters(g, 0);
const paramCount = Object.values(params).reduce((n, t) => n + t.data.length, 0);
const forwardNodes = g.nodes.length;
const t0 = performance.now();
const inf = compileInference(g, params, { outputs: ["loss"] });
const train = compileTraining(g, params, { trainable: "all" });
log(`reference ${model}, batch ${batch}, ${(paramCount / 1e6).toFixed(2)}M params; compile ${round(performance.now() - t0)} ms`);
log(`forward ops:  ${JSON.stringify(opCounts(g, 0, forwardNodes))}`);
log(`backward ops: ${JSON.stringify(opCounts(g, forwardNodes, g.nodes.length))}`);

const forward = await time(inf, params, "all");
log(`forward (level all):        ${forward.cpuMs} ms CPU, ${forward.wallMs} ms wall`);
const levels: Record<string, { cpuMs: number; wallMs: number }> = {};
for (const level of ["basic", "extended", "all"] as const) {
  levels[level] = await time(train, params, level);
  log(`training step (level ${level}): ${levels[level]!.cpuMs} ms CPU, ${levels[level]!.wallMs} ms wall`);
}
const ratio = Math.round((levels["all"]!.cpuMs / forward.cpuMs) * 100) / 100;
log(`training step / forward (CPU time): ${ratio}×`);
log(JSON.stringify({ bench: "engine-core-graph-cost", model, batch, params: paramCount, forwardCpuMs: forward.cpuMs, trainCpuMs: levels["all"]!.cpuMs, trainOverForward: ratio, levels, load: loadavg()[0] }));
