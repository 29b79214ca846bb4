import { CodedError } from "../coded-error.js";

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

export class CheckpointError extends CodedError<CheckpointErrorCode> {}
