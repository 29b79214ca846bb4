/**
 * Base of the engine's errors: a stable machine `code` first in the message, then what to fix.
 * Each family is `class XError extends codedErrorFamily(X_EXIT) {}`: its table (a Record over its
 * codes) gives every code its exit class, so a code without one does not compile.
 */
import { ClassifiedError } from "../../shared/jobs/classified-error.js";
import type { ExitClass } from "../../shared/jobs/exit-codes.js";

export abstract class CodedError<Code extends string> extends ClassifiedError<Code> {
  constructor(code: Code, exit: ExitClass, message: string) {
    super(code, exit, `${code}: ${message}`);
    this.name = new.target.name;
  }
}

/** The base of one family: `new XError(code, message)` takes the exit class from the family's table. */
export function codedErrorFamily<Code extends string>(exits: Record<Code, ExitClass>) {
  return class extends CodedError<Code> {
    constructor(code: Code, message: string) {
      super(code, exits[code], message);
    }
  };
}
