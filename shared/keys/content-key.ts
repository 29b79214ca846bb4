/**
 * The content-addressed key of a generated image: SHA-256 over everything that determines its
 * pixels — the canonical report (text and structured condition), the exact model version, the
 * seed and the sampler settings. Output format (PNG/DICOM) is not part of it: both encode the same
 * pixels and are stored side by side under the same key.
 */
import type { CanonicalReport } from "../report/types.js";
import { sha256Hex } from "../crypto/hash.js";
import { canonicalJson } from "./canonical-json.js";

/** Bumped when the key's inputs change meaning, so old cache entries are never confused. */
export const CONTENT_KEY_VERSION = 1;

export interface SamplerSettings {
  /** DDIM steps. */
  steps: number;
  /** Classifier-free guidance scale. */
  guidance: number;
  /** Square image side in pixels. */
  size: number;
}

export interface ContentKeyInput {
  canonical: CanonicalReport;
  /** Exact model version (never an alias such as "production", which moves). */
  modelVersion: string;
  seed: number;
  sampler: SamplerSettings;
}

export const CONTENT_KEY_PATTERN = /^[0-9a-f]{64}$/;

export async function contentKey(input: ContentKeyInput): Promise<string> {
  return sha256Hex(
    canonicalJson({
      v: CONTENT_KEY_VERSION,
      report: { text: input.canonical.text, condition: input.canonical.condition },
      model: input.modelVersion,
      seed: input.seed >>> 0,
      sampler: { steps: input.sampler.steps, guidance: input.sampler.guidance, size: input.sampler.size },
    }),
  );
}

/**
 * Seed of one image in a multi-image request: item i of a job uses `seed + i` (mod 2^32), where
 * i = reportIndex × samplesPerReport + sampleIndex. The batch side derives seeds the same way, so
 * both sides agree on every image's content key; a single generation uses its seed unchanged.
 */
export function itemSeed(seed: number, reportIndex: number, sampleIndex: number, samplesPerReport: number): number {
  return (seed + reportIndex * samplesPerReport + sampleIndex) >>> 0;
}
