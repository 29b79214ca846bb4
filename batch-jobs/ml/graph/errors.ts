import type { ExitClass } from "../../../shared/jobs/exit-codes.js";
import { codedErrorFamily } from "../coded-error.js";

/** Errors of the ML engine: `code` is stable, the message names the op, shapes and the fix. */
export type MlErrorCode =
  | "ML_SHAPE" // an op got inputs whose shapes/dtypes do not fit
  | "ML_GRAPH" // misuse of the builder (duplicate names, foreign tensors, bad outputs)
  | "ML_PARAM" // a parameter is missing, mis-shaped or redefined differently
  | "ML_NO_GRAD_RULE" // autodiff met an op without a gradient rule
  | "ML_COMPILE" // the graph cannot be compiled as asked (unknown group, no loss...)
  | "ML_RUNTIME_INPUTS" // a run got missing / mis-shaped / wrongly typed inputs
  | "ML_RUNTIME_PROVIDER" // the execution provider could not be used
  | "ML_RUNTIME_DISPOSED" // the session was used after dispose()
  | "ML_RUNTIME_RUN"; // onnxruntime failed while running

/** Engine misuse is a bug (not retried); only a failed execution provider may work on another host. */
export const ML_EXIT: Record<MlErrorCode, ExitClass> = {
  ML_SHAPE: "internal",
  ML_GRAPH: "internal",
  ML_PARAM: "internal",
  ML_NO_GRAD_RULE: "internal",
  ML_COMPILE: "internal",
  ML_RUNTIME_INPUTS: "internal",
  ML_RUNTIME_PROVIDER: "transient",
  ML_RUNTIME_DISPOSED: "internal",
  ML_RUNTIME_RUN: "internal",
};

export class MlError extends codedErrorFamily(ML_EXIT) {}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}
