import { CodedError } from "../coded-error.js";

/** Errors from the training loop; `code` is stable, the message says what to do. */
export type TrainErrorCode =
  | "TRAIN_BAD_CONFIG" // invalid loop configuration
  | "TRAIN_NON_FINITE" // loss or gradient norm became NaN/Inf: the update is not applied
  | "TRAIN_RESUME_MISMATCH"; // the checkpoint was made by a differently configured run

export class TrainError extends CodedError<TrainErrorCode> {}
