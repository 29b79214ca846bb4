/**
 * Film sets the evaluate job scores: a dataset folder, or a generator bundle sampled on a report
 * set (held-out reports by URI, or a named benchmark). Films come back at the judges' side.
 */
import { itemSeed } from "../../shared/keys/index.js";
import { isExitClassified } from "../../shared/jobs/exit-codes.js";
import type { EvaluateSpec, GenerateSpec } from "../../shared/jobs/kinds.js";
import { validateReport } from "../../shared/report/validate.js";
import { phantomConfig, simulate } from "../data/phantom/index.js";
import { HELD_OUT_SEED_BASE, loadGenerator, type GeneratorModel } from "../generator/index.js";
import type { CanonicalReport } from "../../shared/report/types.js";
import type { ModelRegistry } from "../registry/model-registry.js";
import type { FilmSet } from "../rewards/evaluate-films.js";
import { resizeFilms } from "../rewards/film-resize.js";
import { datasetFilms } from "../rewards/film-source.js";
import { resolveModelVersion } from "./generate-settings.js";
import { readSpecReports } from "./generate-reports.js";
import { JobError } from "./job-error.js";

type ModelRef = NonNullable<EvaluateSpec["candidate"]>;
export interface ReportItem {
  id: string;
  text: string;
}
export interface SamplingSettings {
  samplesPerReport: number;
  steps: number;
  guidance: number;
  eta: number;
}

export async function datasetSource(uri: string, size: number, limit: number | undefined, onProgress: (done: number, total: number) => void): Promise<FilmSet> {
  try {
    return await datasetFilms(uri, size, limit, onProgress);
  } catch (err) {
    // A classified reader error keeps its class and code (a corrupt file is integrity, not missing input).
    const [exit, code] = isExitClassified(err) ? [err.exitClass, err.failureCode] : (["inputMissing", "dataset_unreadable"] as const);
    throw new JobError(exit, code, `source dataset ${uri}: ${(err as Error).message}`, err);
  }
}

export async function reportsFromUri(reportsUri: string, env: Record<string, string | undefined>): Promise<ReportItem[]> {
  return readSpecReports({ reportsUri } as GenerateSpec, env);
}

/**
 * Named benchmarks of the candidate-vs-baseline gate: "phantom-heldout-<N>" = the reports of N
 * simulator films from the generator's held-out seeds (HELD_OUT_SEED_BASE, never trained on).
 */
export function benchmarkReports(name: string): ReportItem[] {
  const m = /^phantom-heldout-(\d{1,5})$/.exec(name);
  if (!m) throw new JobError("invalidSpec", "benchmark_unknown", `benchmark "${name}" is unknown; use "phantom-heldout-<N>" (N held-out simulator reports, e.g. phantom-heldout-100).`);
  const config = phantomConfig({ size: 64 });
  return Array.from({ length: Number(m[1]) }, (_, i) => ({ id: `heldout-${i}`, text: simulate(config, HELD_OUT_SEED_BASE + i).report }));
}

/** Samples `samplesPerReport` films per report from a generator bundle (seeds as the generate job's). */
export async function generatorSource(registry: ModelRegistry, ref: ModelRef, reports: ReportItem[], s: SamplingSettings, seed: number, size: number, o: SampleOptions & { intraOpThreads: number }): Promise<FilmSet & { version: string }> {
  const canonical = canonicalReports(reports);
  const version = await resolveModelVersion(registry, ref as GenerateSpec["model"]);
  const { model } = await loadGenerator(registry, { name: ref.name, version }, { intraOpThreads: o.intraOpThreads });
  try {
    return { ...(await sampleFilmSet(model, reports, canonical, s, seed, size, o)), version };
  } finally {
    await model.dispose();
  }
}

interface SampleOptions {
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
}

export function canonicalReports(reports: readonly ReportItem[]): CanonicalReport[] {
  const problems: string[] = [];
  const canonical = reports.map((r, i) => {
    const v = validateReport(r.text);
    if (!v.ok) problems.push(`report ${i} (${r.id}): ${v.errors.map((e) => e.code).join(", ")}`);
    return v.ok ? v.report.canonical : null;
  });
  if (problems.length) throw new JobError("invalidSpec", "reports_invalid", `reports the generator cannot take: ${problems.slice(0, 5).join(" | ")}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ""}`);
  return canonical as CanonicalReport[];
}

/** The films of a loaded generator for `reports`, resized to the judges' side `size`. */
export async function sampleFilmSet(model: GeneratorModel, reports: readonly ReportItem[], canonical: readonly CanonicalReport[], s: SamplingSettings, seed: number, size: number, o: SampleOptions): Promise<FilmSet> {
  const side = model.architecture.size;
  const work = reports.flatMap((r, ri) => Array.from({ length: s.samplesPerReport }, (_, k) => ({ ri, seed: itemSeed(seed, ri, k, s.samplesPerReport), id: `${r.id}-s${k}` })));
  const films = new Float32Array(work.length * size * size);
  for (let start = 0; start < work.length; start += model.maxBatch) {
    if (o.signal.aborted) throw new JobError("terminated", "terminated", "stopped by SIGTERM while sampling; nothing was written (rerun to evaluate)");
    const part = work.slice(start, start + model.maxBatch);
    const { films: raw } = await model.sample(part.map((w) => canonical[w.ri]!), part.map((w) => w.seed), { steps: s.steps, guidance: s.guidance, eta: s.eta });
    films.set(resizeFilms(raw, part.length, side, size), start * size * size);
    o.onProgress(start + part.length, work.length);
  }
  return { films, count: work.length, size, ids: work.map((w) => w.id), reports: work.map((w) => reports[w.ri]!.text) };
}
