import { CodedError } from "../coded-error.js";

/** Errors a caller of the optimisers can meet; `code` is stable, the message says what to fix. */
export type OptimErrorCode =
  | "OPTIM_MISSING_GRAD"
  | "OPTIM_SHAPE_MISMATCH"
  | "OPTIM_UNKNOWN_PARAM"
  | "OPTIM_BAD_CONFIG"
  | "OPTIM_BAD_STATE";

export class OptimError extends CodedError<OptimErrorCode> {}
