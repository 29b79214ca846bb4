/**
 * Flag values for the developer CLIs (phantom, registry, eval:*, bench:*): a mistyped number or
 * choice is a UsageError naming the flag and the accepted range, never a NaN that runs for minutes
 * and prints nonsense figures.
 */
import { EXIT, isExitClassified } from "../../shared/jobs/exit-codes.js";

export class UsageError extends Error {}

interface Range {
  min: number;
  max: number;
}

/** `--name` as a whole number in [min, max]; `fallback` when absent (null = required). */
export function integerOption(name: string, text: string | undefined, fallback: number | null, { min, max }: Range): number {
  if (text === undefined) {
    if (fallback === null) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const n = Number(text);
  if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return n;
}

/** `--name` as a finite decimal number in [min, max]. */
export function numberOption(name: string, text: string | undefined, fallback: number, { min, max }: Range): number {
  if (text === undefined) return fallback;
  const n = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** `--name from,to`: an increasing pair of numbers within the range; undefined when absent. */
export function intervalOption(name: string, text: string | undefined, { min, max }: Range): [number, number] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(",").map((p) => (p.trim() === "" ? NaN : Number(p)));
  const [from, to] = parts as [number, number];
  const ok = parts.length === 2 && parts.every((n) => Number.isFinite(n) && n >= min && n <= max) && from < to;
  if (!ok) throw new UsageError(`--${name} must be two increasing numbers from ${min} to ${max}, as "from,to", got "${text}"`);
  return [from, to];
}

/** `--name` as one of `options`. */
export function choiceOption<T extends string>(name: string, text: string | undefined, fallback: T, options: readonly T[]): T {
  if (text === undefined) return fallback;
  if (!(options as readonly string[]).includes(text)) throw new UsageError(`--${name} must be one of ${options.join(", ")}, got "${text}"`);
  return text as T;
}

/** True for a user's mistake on the command line: ours, or an unknown flag node's parseArgs rejects. */
function isUsageMistake(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return err instanceof UsageError || (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_"));
}

function reportUsage(err: unknown, usage: string): void {
  console.error(`${(err as Error).message.split("\n")[0]}\nusage: ${usage}`);
}

/** For top-level scripts: the flags `read` returns, or the usage and exit 64 on a mistake. */
export function flagsOrExit<T>(usage: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (!isUsageMistake(err)) throw err;
    reportUsage(err, usage);
    process.exit(EXIT.usage);
  }
}

/**
 * Runs a script's main. A user's mistake (a UsageError, or an unknown flag that node's parseArgs
 * rejects) prints one line and the usage, and exits with the usage code. A classified error that
 * is not a bug (a model missing from the registry, a corrupt file) prints its code and message and
 * exits with its class's code. Anything else is a bug and keeps its stack.
 */
export async function runScript(usage: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (isExitClassified(err) && err.exitClass !== "internal") {
      // The engine's errors already lead with their code.
      console.error(`error: ${err.message.startsWith(err.failureCode) ? "" : `${err.failureCode}: `}${err.message}`);
      process.exitCode = EXIT[err.exitClass];
      return;
    }
    if (!isUsageMistake(err)) throw err;
    reportUsage(err, usage);
    process.exitCode = EXIT.usage;
  }
}
