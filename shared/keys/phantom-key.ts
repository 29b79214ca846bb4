/**
 * The content key of a simulated (phantom) film: SHA-256 over everything that determines its
 * pixels — simulator version, seed, side and stored bit depth. Distinct from generated images'
 * keys (contentKey) by its `phantom` member, so the two can never collide in the image store.
 */
import { sha256Hex } from "../crypto/hash.js";
import { canonicalJson } from "./canonical-json.js";
import { CONTENT_KEY_VERSION } from "./content-key.js";

export interface PhantomKeyInput {
  /** Exact simulator version (shared/api PHANTOM_SIMULATOR_VERSION). */
  simulatorVersion: string;
  seed: number;
  /** Square image side in pixels. */
  size: number;
  /** Bits per stored sample (8 or 16). */
  bitDepth: number;
}

export async function phantomContentKey(input: PhantomKeyInput): Promise<string> {
  return sha256Hex(
    canonicalJson({ v: CONTENT_KEY_VERSION, phantom: input.simulatorVersion, seed: input.seed >>> 0, size: input.size, bitDepth: input.bitDepth }),
  );
}
