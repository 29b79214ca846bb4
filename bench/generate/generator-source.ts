/**
 * The generator under test: the committed bundle (models/<name>/<version>/, loaded with
 * loadGenerator from a registry over the repository root, whose models/ folder is one) when the
 * repository has one, otherwise freshly initialised weights of the same `cxr-64` architecture
 * compiled the way a bundle is (weights as graph inputs). Timings do not depend on the weight
 * values, so both measure the same work.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { architectureSchema, BUNDLE_BATCHES, compileGraphs, GeneratorModel, learnTokenizer, loadGenerator, TRAIN_CONFIGS, type Architecture, type LoadedGenerator, type Tokenizer } from "../../batch-jobs/generator/index.js";
import { BUNDLE_KIND } from "../../batch-jobs/generator/bundle.js";
import { radiologyLexicon } from "../../batch-jobs/generator/tokenizer-corpus.js";
import { buildDenoiserGraph, buildEncoderGraph } from "../../batch-jobs/generator/graphs.js";
import { initParameters, type GraphBuilder, type NamedTensors } from "../../batch-jobs/ml/index.js";
import { ModelRegistry } from "../../batch-jobs/registry/model-registry.js";
import { openObjectStore } from "../../batch-jobs/storage/open-object-store.js";
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
  /** The model with its weights and config (what a fine-tune takes as its anchor). */
  generator: LoadedGenerator;
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

/** The registry over the repository root: the committed generator and reward bundles. */
export const repositoryRegistry = (): ModelRegistry => new ModelRegistry(openObjectStore(pathToFileURL(repo + "/").href));

export async function loadSource(batches: readonly number[] = BUNDLE_BATCHES, intraOpThreads = 2): Promise<LoadedSource> {
  const options = { provider: "cpu" as const, intraOpThreads };
  if (hasCommittedBundle()) {
    const generator = await loadGenerator(repositoryRegistry(), SERVING_MODEL, options);
    return { generator, source: "committed bundle", label: `${generator.name}/${generator.version}` };
  }
  const params = freshParams();
  const model = new GeneratorModel(ARCHITECTURE, benchTokenizer(), compileGraphs(ARCHITECTURE, params, batches, true), params, options);
  const generator: LoadedGenerator = { model, name: SERVING_MODEL.name, version: `fresh-${INIT_SEED}`, config: { kind: BUNDLE_KIND, architecture: ARCHITECTURE, training: {} }, weights: params };
  return { generator, source: "fresh weights", label: `cxr-64 init seed ${INIT_SEED}` };
}

const countOf = (g: GraphBuilder): number => [...g.params.values()].reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);

/** Parameter counts per graph, compared with the PyTorch reference before any ratio is given. */
export function paramCounts(a: Architecture = ARCHITECTURE): { encoder: number; denoiser: number; total: number } {
  const encoder = countOf(buildEncoderGraph(a, 1));
  const denoiser = countOf(buildDenoiserGraph(a, 1));
  return { encoder, denoiser, total: encoder + denoiser };
}
