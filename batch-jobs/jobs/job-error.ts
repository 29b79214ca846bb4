/**
 * The one error type a job throws for a failure a person can act on: it names the exit code
 * (shared/jobs/exit-codes.ts), a stable machine code for the edge, and a message without a stack.
 */
import { EXIT, type ExitClass, type ExitClassified } from "../../shared/jobs/exit-codes.js";

export class JobError extends Error implements ExitClassified {
  override readonly name = "JobError";
  constructor(
    readonly exit: ExitClass,
    /** Stable code sent to the edge in the failed status event (e.g. invalid_spec). */
    readonly code: string,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }

  get exitCode(): number {
    return EXIT[this.exit];
  }

  get exitClass(): ExitClass {
    return this.exit;
  }

  get failureCode(): string {
    return this.code;
  }
}
