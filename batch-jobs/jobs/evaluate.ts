/**
 * The "evaluate" job: scores images against their reports with the judge models (and, labelled
 * separately, the reward models) and writes under outputUri:
 *   scores.jsonl   one line per image: judge ψ, posture error, label probabilities, view, CLIP score, rewards
 *   summary.json   posture error, per-label and mean AUROC, CLIP score, FID to the reference, MS-SSIM
 *                  diversity (among samples of one report), each with a 95 % bootstrap CI over reports
 *   summary.md     the same as markdown tables
 * Forms: `source` = a dataset folder, or a generator bundle sampled on held-out reports; or the
 * gate form `candidate` + `baseline` + `benchmark`, which scores both generators on the same
 * reports and seeds, adds gate.json / gate.md (every judged figure ≥ baseline, FID ≤ +5 %) and
 * moves the candidate to production (compare-and-swap) when `promoteIfBetter` and the gate passes.
 */
import type { JobOutput } from "../../shared/jobs/events.js";
import type { EvaluateSpec } from "../../shared/jobs/kinds.js";
import type { Gaussian } from "../../shared/metrics/fid.js";
import { DEFAULT_ETA, SAMPLER_DEFAULTS } from "../../shared/sampler/settings.js";
import { ModelRegistry } from "../registry/model-registry.js";
import { openRegistry as openEnvRegistry } from "../registry/open-registry.js";
import { evaluateFilms, referenceGaussian, type EvaluationSummary, type FilmSet } from "../rewards/evaluate-films.js";
import { summaryMarkdown } from "../rewards/evaluation-table.js";
import { datasetFilms } from "../rewards/film-source.js";
import { JudgeModels, RewardModels } from "../rewards/index.js";
import { openObjectStore } from "../storage/open-object-store.js";
import { DEFAULT_REFERENCE, openJudgesRegistry, phantomReference } from "./judging.js";
import { sha256Hex } from "../storage/sha256.js";
import { gateChecks, gateMarkdown } from "./evaluate-gate.js";
import { benchmarkReports, datasetSource, generatorSource, reportsFromUri, type ReportItem } from "./evaluate-sources.js";
import type { JobContext, JobModule } from "./job-context.js";
import { JobError } from "./job-error.js";

/** Sampling of the gate form (the spec's generator source carries its own). */
const GATE_SAMPLING = { samplesPerReport: 4, steps: SAMPLER_DEFAULTS.steps, guidance: SAMPLER_DEFAULTS.guidance, eta: DEFAULT_ETA };

/** Judges (and rewards): spec.judgesRegistryUri, else $CXR_REGISTRY_URI's store, else the repository's committed models/. */
const judgesRegistry = (ctx: JobContext<"evaluate">): Promise<ModelRegistry> => openJudgesRegistry(ctx.env, ctx.spec.judgesRegistryUri);

/** Generators: $CXR_REGISTRY_URI, as for the generate job. */
function generatorRegistry(ctx: JobContext<"evaluate">): ModelRegistry {
  try {
    return openEnvRegistry(ctx.env);
  } catch (err) {
    throw new JobError("usage", "registry_unset", (err as Error).message);
  }
}

async function reference(spec: EvaluateSpec, judges: JudgeModels): Promise<Gaussian | null> {
  const ref = spec.reference ?? DEFAULT_REFERENCE;
  if (ref.kind === "none") return null;
  if (ref.kind === "phantom") return phantomReference(judges, ref);
  const films = await datasetFilms(ref.uri, judges.size);
  return referenceGaussian(judges, films.films, films.count, judges.size);
}

export const runEvaluateJob: JobModule<"evaluate"> = async (ctx) => {
  const { spec, reporter } = ctx;
  const registry = await judgesRegistry(ctx);
  const session = { intraOpThreads: Number(ctx.env["CXR_INTRA_OP_THREADS"] ?? 1) };
  const judges = await JudgeModels.load(registry, session);
  const rewards = spec.includeRewards ? await RewardModels.load(registry, session) : null;
  const progress = (done: number, total: number) => void reporter.progress(done, total, "images");
  const score = async (set: FilmSet, gaussian: Gaussian | null) =>
    evaluateFilms(set, { judges, rewards }, { reference: gaussian, resamples: spec.resamples, fidResamples: Math.min(50, spec.resamples), seed: spec.seed, maxPairsPerReport: 28 }, (phase) => reporter.note({ phase }));
  const files: [string, string, string][] = [];
  try {
    const gaussian = await reference(spec, judges);
    if (spec.source) {
      const source = spec.source;
      const set = source.kind === "dataset"
        ? await datasetSource(source.uri, judges.size, source.limit, progress)
        : await generatorSource(generatorRegistry(ctx), source.model, await reportsFromUri(source.reportsUri, ctx.env), source, spec.seed, judges.size, { ...session, signal: ctx.signal, onProgress: progress });
      const { perImage, summary } = await score(set, gaussian);
      files.push(
        ["scores.jsonl", "application/x-ndjson", perImage.map((p) => JSON.stringify(p)).join("\n") + "\n"],
        ["summary.json", "application/json", JSON.stringify({ source, reference: spec.reference ?? DEFAULT_REFERENCE, summary }, null, 2) + "\n"],
        ["summary.md", "text/markdown", summaryMarkdown(summary, `Evaluation ${spec.jobId}`)],
      );
      reporter.note({ images: summary.images, meanAuroc: summary.meanAuroc.estimate, postureError: summary.postureError.estimate, fid: summary.fid?.estimate ?? null });
    } else {
      const gens = generatorRegistry(ctx);
      const reports: ReportItem[] = benchmarkReports(spec.benchmark!);
      const summaries: Record<"candidate" | "baseline", { version: string; summary: EvaluationSummary }> = {} as never;
      const lines: string[] = [];
      for (const role of ["candidate", "baseline"] as const) {
        const set = await generatorSource(gens, spec[role]!, reports, GATE_SAMPLING, spec.seed, judges.size, { ...session, signal: ctx.signal, onProgress: progress });
        const { perImage, summary } = await score(set, gaussian);
        summaries[role] = { version: set.version, summary };
        lines.push(...perImage.map((p) => JSON.stringify({ role, version: set.version, ...p })));
      }
      const checks = gateChecks(summaries.candidate.summary, summaries.baseline.summary);
      const passes = checks.every((c) => c.pass);
      const names = { candidate: `${spec.candidate!.name}/${summaries.candidate.version}`, baseline: `${spec.baseline!.name}/${summaries.baseline.version}` };
      let promoted = false;
      if (passes && spec.promoteIfBetter) {
        const current = await gens.resolve(spec.candidate!.name, "production");
        await gens.promote(spec.candidate!.name, "production", summaries.candidate.version, { by: spec.jobId, expectedCurrent: current });
        promoted = true;
      }
      files.push(
        ["scores.jsonl", "application/x-ndjson", lines.join("\n") + "\n"],
        ["summary.json", "application/json", JSON.stringify({ benchmark: spec.benchmark, ...summaries }, null, 2) + "\n"],
        ["summary.md", "text/markdown", summaryMarkdown(summaries.candidate.summary, `Candidate ${names.candidate}`) + "\n" + summaryMarkdown(summaries.baseline.summary, `Baseline ${names.baseline}`)],
        ["gate.json", "application/json", JSON.stringify({ ...names, passes, promoted, checks }, null, 2) + "\n"],
        ["gate.md", "text/markdown", gateMarkdown(checks, names)],
      );
      reporter.note({ gate: passes ? "passes" : "fails", promoted });
    }
    const store = openObjectStore(spec.outputUri, ctx.env);
    const outputs: JobOutput[] = [];
    for (const [path, contentType, text] of files) {
      const bytes = new TextEncoder().encode(text);
      const info = await store.put(path, bytes, { contentType });
      outputs.push({ path, uri: store.rootUri + path, sha256: info.sha256 ?? sha256Hex(bytes), bytes: info.size, contentType });
    }
    await reporter.result(outputs);
  } finally {
    await judges.dispose();
    await rewards?.dispose();
  }
};
