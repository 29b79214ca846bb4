/**
 * Base of the engine's errors: a stable machine `code` first in the message, then what to fix.
 * Each family passes the exit class of its code from its table (a Record over its codes).
 */
import { ClassifiedError } from "../../shared/jobs/classified-error.js";
import type { ExitClass } from "../../shared/jobs/exit-codes.js";

export abstract class CodedError<Code extends string> extends ClassifiedError<Code> {
  constructor(code: Code, exit: ExitClass, message: string) {
    super(code, exit, `${code}: ${message}`);
    this.name = new.target.name;
  }
}
