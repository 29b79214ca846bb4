/**
 * Deterministic DICOM UIDs under the 2.25 root (ISO/IEC 9834-8 / ITU-T X.667: "2.25." + the
 * decimal of a 128-bit UUID-like integer; DICOM PS3.5 §B.2). The 128 bits are the first 16 bytes
 * of SHA-256 over everything that determines the pixels, so a rerun gives the same UIDs and a
 * different image never reuses one.
 */
import { createHash } from "node:crypto";

export interface UidInputs {
  /** Dataset image id (also the PatientID). */
  id: string;
  seed: number;
  /** Generator kind and version — a new generator version gives new UIDs. */
  generator: string;
  bitDepth: number;
}

export type UidRole = "study" | "series" | "instance";

export function deterministicUid(inputs: UidInputs, role: UidRole): string {
  const key = ["cxr-synth-dicom-uid/1", role, inputs.generator, inputs.seed, inputs.id, inputs.bitDepth].join("\u0000");
  const digest = createHash("sha256").update(key, "utf8").digest();
  const value = BigInt("0x" + digest.subarray(0, 16).toString("hex"));
  return `2.25.${value.toString(10)}`;
}
