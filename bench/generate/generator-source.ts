/**
 * The generator under test: the committed bundle (models/<name>/<version>/, seeded into a
 * temporary registry as `npm start` does) when the repository has one, otherwise freshly
 * initialised weights of the same `cxr-64` architecture compiled the way a bundle is (weights as
 * graph inputs). Timings do not depend on the weight values, so both measure the same work.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { architectureSchema, BUNDLE_BATCHES, compileGraphs, GeneratorModel, learnTokenizer, loadGenerator, TRAIN_CONFIGS, type Architecture, type Tokenizer } from "../../batch-jobs/generator/index.js";
import { radiologyLexicon } from "../../batch-jobs/generator/tokenizer-corpus.js";
import { buildDenoiserGraph, buildEncoderGraph } from "../../batch-jobs/generator/graphs.js";
import { initParameters, type GraphBuilder, type NamedTensors } from "../../batch-jobs/ml/index.js";
import { seedRegistry } from "../../batch-jobs/registry/bundle-folder.js";
import { openRegistry } from "../../batch-jobs/registry/open-registry.js";
import { canonicalize } from "../../shared/report/index.js";
import type { CanonicalReport } from "../../shared/report/types.js";
import { SERVING_MODEL } from "../../shared/model/serving-model.js";

export const repo = join(import.meta.dirname, "..", "..");
export const ARCHITECTURE: Architecture = TRAIN_CONFIGS["cxr-64"].architecture;
export const INIT_SEED = 0;

/** Demo-style reports: batches cycle through them (the text only changes token values, not cost). */
export const REPORTS = [
  "FINDINGS: Small left pleural effusion. No pneumothorax. IMPRESSION: Small left effusion.",
  "FINDINGS: The heart is enlarged. No pleural effusion. IMPRESSION: Cardiomegaly.",
  "FINDINGS: Lungs are clear. No focal consolidation. IMPRESSION: No acute cardiopulmonary disease.",
  "FINDINGS: Right lower lobe opacity, likely pneumonia. Mild pulmonary edema. IMPRESSION: Pneumonia.",
];
export const canonicalReports = (n: number): CanonicalReport[] => Array.from({ length: n }, (_, i) => canonicalize(REPORTS[i % REPORTS.length]!));

export type Source = "committed bundle" | "fresh weights";

export interface LoadedSource {
  model: GeneratorModel;
  source: Source;
  /** e.g. "cxrl/cxr64-v1" for the bundle, "cxr-64 init seed 0" for fresh weights. */
  label: string;
}

export const committedBundleDir = (): string => join(repo, "models", SERVING_MODEL.name, SERVING_MODEL.version);
export const hasCommittedBundle = (): boolean => existsSync(join(committedBundleDir(), "manifest.json"));

/** The architecture being measured: the committed bundle's own, else cxr-64's. */
export function measuredArchitecture(): Architecture {
  if (!hasCommittedBundle()) return ARCHITECTURE;
  return architectureSchema.parse((JSON.parse(readFileSync(join(committedBundleDir(), "config.json"), "utf8")) as { architecture: unknown }).architecture);
}

/** A tokenizer of the right size for fresh weights (learned from the lexicon and the demo reports). */
export function benchTokenizer(a: Architecture = ARCHITECTURE): Tokenizer {
  return learnTokenizer(REPORTS.map((r) => canonicalize(r).text), radiologyLexicon(), { maxLength: a.maxTokens, vocabSize: a.vocabSize, minWordCount: 1 });
}

/** Every parameter of the generator (encoder + denoiser), as a fresh bundle would hold them. */
export function freshParams(a: Architecture = ARCHITECTURE): NamedTensors<Float32Array> {
  return { ...initParameters(buildEncoderGraph(a, 1), INIT_SEED), ...initParameters(buildDenoiserGraph(a, 1), INIT_SEED) };
}

export async function loadSource(batches: readonly number[] = BUNDLE_BATCHES): Promise<LoadedSource> {
  const options = { provider: "cpu" as const, intraOpThreads: 2 };
  if (hasCommittedBundle()) {
    const registry = openRegistry({ CXR_REGISTRY_URI: `${pathToFileURL(mkdtempSync(join(tmpdir(), "bench-generate-registry-"))).href}/models/` });
    await seedRegistry(registry, join(repo, "models"), "bench");
    const { model, name, version } = await loadGenerator(registry, SERVING_MODEL, options);
    return { model, source: "committed bundle", label: `${name}/${version}` };
  }
  const params = freshParams();
  const model = new GeneratorModel(ARCHITECTURE, benchTokenizer(), compileGraphs(ARCHITECTURE, params, batches, true), params, options);
  return { model, source: "fresh weights", label: `cxr-64 init seed ${INIT_SEED}` };
}

const countOf = (g: GraphBuilder): number => [...g.params.values()].reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);

/** Parameter counts per graph, compared with the PyTorch reference before any ratio is given. */
export function paramCounts(a: Architecture = ARCHITECTURE): { encoder: number; denoiser: number; total: number } {
  const encoder = countOf(buildEncoderGraph(a, 1));
  const denoiser = countOf(buildDenoiserGraph(a, 1));
  return { encoder, denoiser, total: encoder + denoiser };
}
