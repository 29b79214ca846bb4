/** The CLI's one error type: a stable exit code and a one-line message saying what to do. */
import { CLI_EXIT, type CliExitName } from "./exit-codes.js";

export class CliError extends Error {
  constructor(
    readonly exit: CliExitName,
    message: string,
  ) {
    super(message);
  }

  get exitCode(): number {
    return CLI_EXIT[this.exit];
  }
}

export const usageError = (message: string) => new CliError("usage", `${message} (see cxr-synth --help)`);
