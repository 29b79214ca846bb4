/**
 * The "evaluate" job: scores images against their reports with the judge models (and, labelled
 * separately, the reward models) and writes under outputUri:
 *   scores.jsonl   one line per image: judge ψ, posture error, label probabilities, view, CLIP score, rewards
 *   summary.json   posture error, per-label and mean AUROC, CLIP score, FID to the reference, MS-SSIM diversity, each with a 95 % CI
 *   summary.md     the same as a markdown table
 * Sources: a dataset folder (`source.kind = "dataset"`) today; a generator bundle with held-out
 * reports (`source.kind = "generator"`) and the candidate-vs-baseline gate need the generator
 * (batch-jobs/generator/ loadGenerator), which is not on this branch: those fail with exit 69
 * naming it.
 */
import { notImplemented, JobError } from "./job-error.js";
import type { JobContext, JobModule } from "./job-context.js";
import type { JobOutput } from "../../shared/jobs/events.js";
import { ModelRegistry } from "../registry/model-registry.js";
import { openObjectStore } from "../storage/open-object-store.js";
import { sha256Hex } from "../storage/sha256.js";
import { committedRegistryRoot } from "../rewards/committed-models.js";
import { evaluateFilms, referenceGaussian } from "../rewards/evaluate-films.js";
import { summaryMarkdown } from "../rewards/evaluation-table.js";
import { datasetFilms, phantomFilms } from "../rewards/film-source.js";
import { JudgeModels, RewardModels } from "../rewards/index.js";

const GENERATOR_MISSING = "scoring a generator bundle needs the generator (batch-jobs/generator/ loadGenerator), which has not landed yet; score a dataset folder with source.kind = \"dataset\" meanwhile";

async function openRegistry(ctx: JobContext<"evaluate">): Promise<ModelRegistry> {
  const candidates = [ctx.spec.registryUri, ctx.env["CXR_REGISTRY_URI"]?.replace(/models\/?$/, ""), committedRegistryRoot()].filter((u): u is string => !!u);
  for (const uri of candidates) {
    const registry = new ModelRegistry(openObjectStore(uri, ctx.env));
    if ((await registry.resolve("judge-posture", "production")) !== null) return registry;
  }
  throw new JobError("inputMissing", "judges_missing", `no registry with the judge models (judge-posture, judge-classifier) at ${candidates.join(", ") || "(none given)"}; set spec.registryUri or train them with npm run train:rewards`);
}

export const runEvaluateJob: JobModule<"evaluate"> = async (ctx) => {
  const { spec, reporter } = ctx;
  if (!spec.source) throw notImplemented("evaluate", `the candidate-vs-baseline gate compares generator bundles: ${GENERATOR_MISSING}`);
  if (spec.source.kind === "generator") throw notImplemented("evaluate", GENERATOR_MISSING);
  const registry = await openRegistry(ctx);
  const session = { intraOpThreads: Number(ctx.env["CXR_INTRA_OP_THREADS"] ?? 1) };
  const judges = await JudgeModels.load(registry, session);
  const rewards = spec.includeRewards ? await RewardModels.load(registry, session) : null;
  try {
    const size = judges.size;
    let set;
    try {
      set = await datasetFilms(spec.source.uri, size, spec.source.limit, (done, total) => void reporter.progress(done, total, "images"));
    } catch (err) {
      throw new JobError("inputMissing", "dataset_unreadable", `source dataset ${spec.source.uri}: ${(err as Error).message}`, err);
    }
    const ref = spec.reference ?? { kind: "phantom" as const, count: 1000, firstSeed: 9_500_000 };
    let reference = null;
    if (ref.kind === "phantom") {
      const films = phantomFilms(ref.count, ref.firstSeed, size);
      reference = await referenceGaussian(judges, films.films, films.count, size);
    } else if (ref.kind === "dataset") {
      const films = await datasetFilms(ref.uri, size);
      reference = await referenceGaussian(judges, films.films, films.count, size);
    }
    const { perImage, summary } = await evaluateFilms(set, { judges, rewards }, { reference, resamples: spec.resamples, fidResamples: Math.min(50, spec.resamples), seed: spec.seed, maxPairsPerReport: 28 }, (phase) => reporter.note({ phase }));
    const store = openObjectStore(spec.outputUri, ctx.env);
    const outputs: JobOutput[] = [];
    const files: [string, string, string][] = [
      ["scores.jsonl", "application/x-ndjson", perImage.map((p) => JSON.stringify(p)).join("\n") + "\n"],
      ["summary.json", "application/json", JSON.stringify({ source: spec.source, reference: ref, summary }, null, 2) + "\n"],
      ["summary.md", "text/markdown", summaryMarkdown(summary, `Evaluation ${spec.jobId}`)],
    ];
    for (const [path, contentType, text] of files) {
      const bytes = new TextEncoder().encode(text);
      const info = await store.put(path, bytes, { contentType });
      outputs.push({ path, uri: store.rootUri + path, sha256: info.sha256 ?? sha256Hex(bytes), bytes: info.size, contentType });
    }
    await reporter.result(outputs);
    reporter.note({ images: summary.images, meanAuroc: summary.meanAuroc.estimate, postureError: summary.postureError.estimate, fid: summary.fid?.estimate ?? null });
  } finally {
    await judges.dispose();
    await rewards?.dispose();
  }
};
