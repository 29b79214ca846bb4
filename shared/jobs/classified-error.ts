/**
 * Base of the error families a job can meet: a stable machine `code` (the edge is told it) and the
 * `exit` class a job failing with it ends with. A family passes `TABLE[code]` from its
 * `Record<Code, ExitClass>`, so a new code without a class does not compile, and the job's failure
 * classification stays a lookup (batch-jobs/jobs/classify-failure.ts).
 */
import type { ExitClass, ExitClassified } from "./exit-codes.js";

export class ClassifiedError<Code extends string = string> extends Error implements ExitClassified {
  constructor(
    readonly code: Code,
    readonly exit: ExitClass,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get exitClass(): ExitClass {
    return this.exit;
  }

  /** The code the edge is told; a family whose public codes differ from its own overrides it. */
  get failureCode(): string {
    return this.code;
  }
}
