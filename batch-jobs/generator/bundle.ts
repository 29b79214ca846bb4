/**
 * The generator as a registry bundle (models/<name>/<version>/):
 *   config.json            architecture (+ the training config and seed, for reproduction)
 *   tokenizer.json         the learned vocabulary (tokenizer.ts)
 *   weights.safetensors    every parameter, once
 *   encoder-b<N>.onnx      graphs per batch size N, weights as graph inputs (fed from the
 *   denoiser-b<N>.onnx     safetensors), so sizes add no weight copies; the served artefact is
 *                          the trained one (no export step)
 *   card.md                model card
 */
import { z } from "zod";
import { ClassifiedError } from "../../shared/jobs/classified-error.js";
import type { ExitClass } from "../../shared/jobs/exit-codes.js";
import { formatIssues } from "../../shared/validation/format-issues.js";
import { compileInference, decodeSafetensors, encodeSafetensors, type NamedTensors } from "../ml/index.js";
import type { LoraConfig } from "../ml/nn/lora.js";
import type { ModelRegistry } from "../registry/model-registry.js";
import { architectureSchema, type Architecture } from "./config.js";
import { buildDenoiserGraph, buildEncoderGraph } from "./graphs.js";
import { GeneratorModel, type CompiledPair, type SessionOptions } from "./model.js";
import { Tokenizer, type TokenizerJson } from "./tokenizer.js";

export const BUNDLE_KIND = "cxr-generator";
/** Batch sizes compiled into a bundle: one demo image, small and large partner batches. */
export const BUNDLE_BATCHES = [1, 4, 16] as const;

const bundleConfigSchema = z.object({ kind: z.literal(BUNDLE_KIND), architecture: architectureSchema, training: z.record(z.string(), z.unknown()) });
const tokenizerJsonSchema = z.object({ format: z.literal("cxr-wordpiece-1"), maxLength: z.number().int(), vocab: z.array(z.string()) });

type GeneratorBundleErrorCode = "bundle_invalid" | "bundle_not_generator";

/** How a job fails on each: an incomplete bundle is corrupt; a bundle of another kind was named by mistake. */
const BUNDLE_EXIT: Record<GeneratorBundleErrorCode, ExitClass> = { bundle_invalid: "integrity", bundle_not_generator: "invalidSpec" };

export class GeneratorBundleError extends ClassifiedError<GeneratorBundleErrorCode> {
  constructor(code: GeneratorBundleErrorCode, message: string) {
    super(code, BUNDLE_EXIT[code], message);
  }
}

/** `lora`: denoiser graphs with adapters (the fine-tune's policy, whose weights are inputs). */
export function compileGraphs(a: Architecture, params: NamedTensors<Float32Array>, batches: readonly number[], weightsAsInputs: boolean, lora?: LoraConfig): Map<number, CompiledPair> {
  const out = new Map<number, CompiledPair>();
  for (const b of batches) {
    const enc = buildEncoderGraph(a, b);
    const den = buildDenoiserGraph(a, b, lora);
    out.set(b, {
      encoder: compileInference(enc, params, { paramsAsInputs: weightsAsInputs }).onnxBytes,
      denoiser: compileInference(den, params, { paramsAsInputs: weightsAsInputs }).onnxBytes,
    });
  }
  return out;
}

export function bundleFiles(o: { architecture: Architecture; tokenizer: Tokenizer; params: NamedTensors<Float32Array>; training: Record<string, unknown>; card: string }): { path: string; bytes: Uint8Array }[] {
  const text = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v, null, 2) + "\n");
  const files = [
    { path: "config.json", bytes: text({ kind: BUNDLE_KIND, architecture: o.architecture, training: o.training }) },
    { path: "tokenizer.json", bytes: text(o.tokenizer.json) },
    { path: "weights.safetensors", bytes: concatChunks(encodeSafetensors(o.params, { kind: BUNDLE_KIND }).chunks) },
    { path: "card.md", bytes: text(o.card) },
  ];
  for (const [b, pair] of compileGraphs(o.architecture, o.params, BUNDLE_BATCHES, true)) {
    files.push({ path: `encoder-b${b}.onnx`, bytes: pair.encoder }, { path: `denoiser-b${b}.onnx`, bytes: pair.denoiser });
  }
  return files;
}

function concatChunks(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) (out.set(c, at), (at += c.byteLength));
  return out;
}

export interface LoadedGenerator {
  model: GeneratorModel;
  name: string;
  version: string;
  config: z.infer<typeof bundleConfigSchema>;
  /** Every parameter (for training a child model from this one). */
  weights: NamedTensors;
}

export async function loadGenerator(registry: ModelRegistry, ref: { name: string; version: string }, options: SessionOptions = {}): Promise<LoadedGenerator> {
  const { files } = await registry.load(ref.name, ref.version);
  const read = (path: string): Uint8Array => {
    const f = files.get(path);
    if (!f) throw new GeneratorBundleError("bundle_invalid", `${ref.name}/${ref.version} has no ${path}; it is not a complete generator bundle.`);
    return f;
  };
  const json = (path: string): unknown => {
    const text = new TextDecoder().decode(read(path));
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new GeneratorBundleError("bundle_invalid", `${ref.name}/${ref.version}/${path} is not JSON (${(e as Error).message}); the bundle is corrupt.`);
    }
  };
  const config = bundleConfigSchema.safeParse(json("config.json"));
  if (!config.success) throw new GeneratorBundleError("bundle_not_generator", `${ref.name}/${ref.version}/config.json is not a ${BUNDLE_KIND} config: ${formatIssues(config.error).join("; ")}`);
  const tokenizerJson = tokenizerJsonSchema.safeParse(json("tokenizer.json"));
  if (!tokenizerJson.success) throw new GeneratorBundleError("bundle_invalid", `${ref.name}/${ref.version}/tokenizer.json is not a tokenizer: ${formatIssues(tokenizerJson.error).join("; ")}`);
  const tokenizer = new Tokenizer(tokenizerJson.data as TokenizerJson);
  const weights = decodeSafetensors(read("weights.safetensors"), `${ref.name}/${ref.version}/weights.safetensors`).tensors;
  const graphs = new Map<number, CompiledPair>();
  for (const path of files.keys()) {
    const m = /^encoder-b(\d+)\.onnx$/.exec(path);
    if (m) graphs.set(Number(m[1]), { encoder: read(path), denoiser: read(`denoiser-b${m[1]}.onnx`) });
  }
  if (graphs.size === 0) throw new GeneratorBundleError("bundle_invalid", `${ref.name}/${ref.version} has no encoder-b<N>.onnx graphs.`);
  const model = new GeneratorModel(config.data.architecture, tokenizer, graphs, weights, options);
  return { model, name: ref.name, version: ref.version, config: config.data, weights };
}
