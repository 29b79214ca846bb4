/**
 * The one error type a job throws for a failure a person can act on: it names the exit code
 * (shared/jobs/exit-codes.ts), a stable machine code for the edge, and a message without a stack.
 */
import { ClassifiedError } from "../../shared/jobs/classified-error.js";
import { EXIT, type ExitClass } from "../../shared/jobs/exit-codes.js";

export class JobError extends ClassifiedError {
  override readonly name = "JobError";
  constructor(
    exit: ExitClass,
    /** Stable code sent to the edge in the failed status event (e.g. invalid_spec). */
    code: string,
    message: string,
    cause?: unknown,
  ) {
    super(code, exit, message, cause === undefined ? undefined : { cause });
  }

  get exitCode(): number {
    return EXIT[this.exit];
  }
}
