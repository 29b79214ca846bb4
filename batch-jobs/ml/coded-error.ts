/** Base of the engine's errors: a stable machine `code` first in the message, then what to fix. */
export class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = new.target.name;
  }
}
