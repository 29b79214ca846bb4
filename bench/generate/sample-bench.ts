/**
 * Sampling throughput through GeneratorModel.sample, exactly as the generate job calls it: one
 * call = encoder (conditional + null context) then `steps` DDIM steps of two denoiser passes
 * (CFG), η = 0, for `batch` reports with their own seeds.
 */
import { maxRssMb, round, timed, type Timing } from "../engine/measure.js";
import { canonicalReports, loadSource, type Source } from "./generator-source.js";

export interface SampleSettings {
  batch: number;
  steps: number;
  guidance: number;
}

export interface SampleResult extends SampleSettings {
  source: Source;
  label: string;
  /** One GeneratorModel.sample call of `batch` films. */
  call: Timing;
  imagesPerSec: number;
  /** Denoiser passes per call (2 per step with guidance ≠ 1). */
  passes: number;
  msPerPass: number;
  /** Loading the bundle (or compiling fresh graphs) and creating the sessions. */
  loadMs: number;
  peakRssMb: number;
}

export async function benchSample(s: SampleSettings, warmup: number, reps: number): Promise<SampleResult> {
  const t0 = performance.now();
  const { generator: { model }, source, label } = await loadSource([s.batch]);
  if (!model.batchSizes.includes(s.batch)) throw new Error(`${label} has no graphs for batch ${s.batch} (it has ${model.batchSizes.join(", ")})`);
  const reports = canonicalReports(s.batch);
  const settings = { steps: s.steps, guidance: s.guidance, eta: 0 };
  // A one-step call creates this batch size's sessions: loadMs covers loading and session creation.
  await model.sample(reports, reports.map(() => 0), { ...settings, steps: 1 });
  const loadMs = performance.now() - t0;
  let seed = 1;
  const call = await timed(() => model.sample(reports, reports.map(() => seed++), settings), warmup, reps);
  await model.dispose();
  const passes = s.steps * (s.guidance === 1 ? 1 : 2);
  return {
    ...s,
    source,
    label,
    call,
    imagesPerSec: round(s.batch / (call.medianMs / 1000), 3),
    passes,
    msPerPass: round(call.medianMs / passes, 1),
    loadMs: round(loadMs, 0),
    peakRssMb: maxRssMb(),
  };
}
