/**
 * Probe, not part of bench:generate: does serving the bundle's graphs with weights as graph
 * inputs (as bundle.ts compiles them, so batch sizes share one safetensors) cost sampling time
 * against weights baked in as initializers (which ORT can constant-fold and pre-pack)? Same fresh
 * weights, both variants in one process, calls interleaved so load drift hits both alike.
 * Usage: npx tsx bench/generate/weights-probe.ts [batch=1] [steps=50] [pairs=3]
 */
import { compileGraphs, GeneratorModel } from "../../batch-jobs/generator/index.js";
import { loadAverage, summarize } from "../engine/measure.js";
import { ARCHITECTURE, benchTokenizer, canonicalReports, freshParams } from "./generator-source.js";

const [batch, steps, pairs] = [1, 50, 3].map((d, i) => Number(process.argv[2 + i] ?? d)) as [number, number, number];
const params = freshParams();
const tokenizer = benchTokenizer();
const options = { provider: "cpu" as const, intraOpThreads: 2 };
const variants = {
  inputs: new GeneratorModel(ARCHITECTURE, tokenizer, compileGraphs(ARCHITECTURE, params, [batch], true), params, options),
  initializers: new GeneratorModel(ARCHITECTURE, tokenizer, compileGraphs(ARCHITECTURE, params, [batch], false), {}, options),
};
const reports = canonicalReports(batch);
const settings = { steps, guidance: 4, eta: 0 };
const ms: Record<keyof typeof variants, number[]> = { inputs: [], initializers: [] };
console.log(`batch ${batch}, ${steps} steps, ${pairs} interleaved pairs; load before ${loadAverage().join(" ")}`);
for (const m of Object.values(variants)) await m.sample(reports, reports.map((_, i) => i), settings); // warmup
for (let p = 0; p < pairs; p++) {
  for (const [name, m] of Object.entries(variants) as [keyof typeof variants, GeneratorModel][]) {
    const t = performance.now();
    await m.sample(reports, reports.map((_, i) => 100 * p + i), settings);
    ms[name].push(performance.now() - t);
  }
}
const [a, b] = [summarize(ms.inputs), summarize(ms.initializers)];
console.log(`weights as inputs: ${a.medianMs} ms (${a.samples.join(", ")}); as initializers: ${b.medianMs} ms (${b.samples.join(", ")}); inputs/initializers ${(a.medianMs / b.medianMs).toFixed(2)}; load after ${loadAverage().join(" ")}`);
console.log(JSON.stringify({ probe: "weights-as-inputs", batch, steps, inputsMs: a.medianMs, initializersMs: b.medianMs, ratio: Number((a.medianMs / b.medianMs).toFixed(2)) }));
for (const m of Object.values(variants)) await m.dispose();
