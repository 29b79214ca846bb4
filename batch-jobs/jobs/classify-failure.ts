/**
 * Turns whatever a job threw into its exit code, the stable code the edge is told, and a message.
 * A lookup: every error family declares its exit class per code (shared/jobs/exit-codes.ts,
 * ExitClassified); anything else is a bug (exit 1, not retried). While the job is stopping on
 * SIGTERM an unexpected error (an aborted read, a closed session) is the stop, not a bug.
 */
import { EXIT, isExitClassified } from "../../shared/jobs/exit-codes.js";

export interface Failure {
  exitCode: number;
  code: string;
  message: string;
}

export function classifyFailure(err: unknown, signal?: AbortSignal): Failure {
  const failure: Failure = isExitClassified(err)
    ? { exitCode: EXIT[err.exitClass], code: err.failureCode, message: err.message }
    : { exitCode: EXIT.internal, code: "internal", message: err instanceof Error ? err.message : String(err) };
  if (!signal?.aborted || failure.exitCode !== EXIT.internal) return failure;
  return { exitCode: EXIT.terminated, code: "terminated", message: `stopped by SIGTERM (${failure.message}); a retry resumes from what was written.` };
}
