import type { ExitClass } from "../../../shared/jobs/exit-codes.js";
import { codedErrorFamily } from "../coded-error.js";

/** Errors a caller of the optimisers can meet; `code` is stable, the message says what to fix. */
export type OptimErrorCode =
  | "OPTIM_MISSING_GRAD"
  | "OPTIM_SHAPE_MISMATCH"
  | "OPTIM_UNKNOWN_PARAM"
  | "OPTIM_BAD_CONFIG"
  | "OPTIM_BAD_STATE";

/** Optimiser misuse is a bug; a saved state that does not fit is the checkpoint's (integrity). */
export const OPTIM_EXIT: Record<OptimErrorCode, ExitClass> = {
  OPTIM_MISSING_GRAD: "internal",
  OPTIM_SHAPE_MISMATCH: "internal",
  OPTIM_UNKNOWN_PARAM: "internal",
  OPTIM_BAD_CONFIG: "invalidSpec",
  OPTIM_BAD_STATE: "integrity",
};

export class OptimError extends codedErrorFamily(OPTIM_EXIT) {}
