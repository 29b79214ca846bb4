import type { ExitClass } from "../../../shared/jobs/exit-codes.js";
import { codedErrorFamily } from "../coded-error.js";

/** Errors from saving or loading checkpoints; `code` is stable, the message names the file/tensor. */
export type CheckpointErrorCode =
  | "CHECKPOINT_NOT_FOUND" // no checkpoint folder / manifest where one was asked for
  | "CHECKPOINT_BAD_MANIFEST" // manifest.json unreadable or not the expected shape
  | "CHECKPOINT_MISSING_FILE" // a file listed in the manifest is absent
  | "CHECKPOINT_TRUNCATED" // a file is shorter than the manifest (or its own header) says
  | "CHECKPOINT_SIZE_MISMATCH" // a file is longer than the manifest says
  | "CHECKPOINT_HASH_MISMATCH" // sha256 differs: corrupted or replaced file
  | "CHECKPOINT_FORMAT" // not a valid safetensors file
  | "CHECKPOINT_TENSOR_MISMATCH" // tensors differ from the manifest or from what the caller expects
  | "CHECKPOINT_BAD_INPUT"; // a caller passed something that cannot be saved

/** Unreadable or altered checkpoint bytes are integrity failures; a checkpoint of another model is a spec error. */
export const CHECKPOINT_EXIT: Record<CheckpointErrorCode, ExitClass> = {
  CHECKPOINT_NOT_FOUND: "inputMissing",
  CHECKPOINT_BAD_MANIFEST: "integrity",
  CHECKPOINT_MISSING_FILE: "integrity",
  CHECKPOINT_TRUNCATED: "integrity",
  CHECKPOINT_SIZE_MISMATCH: "integrity",
  CHECKPOINT_HASH_MISMATCH: "integrity",
  CHECKPOINT_FORMAT: "integrity",
  CHECKPOINT_TENSOR_MISMATCH: "invalidSpec",
  CHECKPOINT_BAD_INPUT: "internal",
};

export class CheckpointError extends codedErrorFamily(CHECKPOINT_EXIT) {}
