/**
 * Base of the engine's errors: a stable machine `code` first in the message, then what to fix.
 * Each family declares how a job failing with it exits (a Record over its codes).
 */
import type { ExitClass, ExitClassified } from "../../shared/jobs/exit-codes.js";

export abstract class CodedError<Code extends string> extends Error implements ExitClassified {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = new.target.name;
  }

  /** The family's exit class of this.code. */
  protected abstract readonly exitClasses: Record<Code, ExitClass>;

  get exitClass(): ExitClass {
    return this.exitClasses[this.code];
  }

  get failureCode(): string {
    return this.code;
  }
}
