import type { ExitClass } from "../../../shared/jobs/exit-codes.js";
import { codedErrorFamily } from "../coded-error.js";

/** Errors from the training loop; `code` is stable, the message says what to do. */
export type TrainErrorCode =
  | "TRAIN_BAD_CONFIG" // invalid loop configuration
  | "TRAIN_NON_FINITE" // loss or gradient norm became NaN/Inf: the update is not applied
  | "TRAIN_RESUME_MISMATCH"; // the checkpoint was made by a differently configured run

/** A diverged run would diverge again (a bug or a bad learning rate); a config mismatch is the spec's. */
export const TRAIN_EXIT: Record<TrainErrorCode, ExitClass> = {
  TRAIN_BAD_CONFIG: "invalidSpec",
  TRAIN_NON_FINITE: "internal",
  TRAIN_RESUME_MISMATCH: "invalidSpec",
};

export class TrainError extends codedErrorFamily(TRAIN_EXIT) {}
