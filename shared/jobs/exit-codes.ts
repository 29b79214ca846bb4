/**
 * Exit codes of the job containers, with meanings. The AWS Batch retry strategy (infra/) and the
 * local runner both read this table: only `retryable` codes are retried; everything else fails
 * the attempt for good so that a bad spec is not retried three times on a GPU.
 * Values follow BSD sysexits.h where one fits, so operators recognise them.
 */
export const EXIT = {
  /** All outputs written and reported. */
  ok: 0,
  /** A bug: an unexpected exception. Not retried (a retry would hit the same bug). */
  internal: 1,
  /** Bad command line (unknown kind, missing --spec). EX_USAGE. */
  usage: 64,
  /** The spec failed validation. EX_DATAERR. */
  invalidSpec: 65,
  /** The spec or an input it references does not exist. EX_NOINPUT. */
  inputMissing: 66,
  /** Stored bytes do not match their recorded hash (model bundle, checkpoint). */
  integrity: 67,
  /** This job kind is not implemented in this release. EX_UNAVAILABLE. */
  notImplemented: 69,
  /** A transient failure (object store, callback API throttled or down). EX_TEMPFAIL: retried. */
  transient: 75,
  /** Stopped by SIGTERM (spot reclaim, cancel, timeout): 128 + 15. Retried. */
  terminated: 143,
} as const;

export type ExitName = keyof typeof EXIT;
export type ExitCode = (typeof EXIT)[ExitName];
/** How a failed job exits: every exit but "ok". */
export type ExitClass = Exclude<ExitName, "ok">;

/**
 * An error that says how a job failing with it exits. Every error family a job can meet declares
 * its class per code (a `Record<Code, ExitClass>`, so a new code without one does not compile),
 * and the job's failure classification is a lookup (batch-jobs/jobs/classify-failure.ts).
 */
export interface ExitClassified {
  /** Stable machine code sent to the edge with the failure. */
  readonly failureCode: string;
  readonly exitClass: ExitClass;
  readonly message: string;
}

export function isExitClassified(err: unknown): err is Error & ExitClassified {
  if (!(err instanceof Error)) return false;
  const { exitClass, failureCode } = err as Partial<ExitClassified>;
  return typeof failureCode === "string" && typeof exitClass === "string" && exitClass in EXIT && (exitClass as string) !== "ok";
}

export const EXIT_MEANINGS: Record<ExitName, { code: ExitCode; meaning: string; retryable: boolean }> = {
  ok: { code: EXIT.ok, meaning: "succeeded", retryable: false },
  internal: { code: EXIT.internal, meaning: "unexpected internal error (a bug; see the job log)", retryable: false },
  usage: { code: EXIT.usage, meaning: "bad command line: usage is main.js <kind> --spec <uri>", retryable: false },
  invalidSpec: { code: EXIT.invalidSpec, meaning: "job spec failed validation", retryable: false },
  inputMissing: { code: EXIT.inputMissing, meaning: "spec or referenced input not found", retryable: false },
  integrity: { code: EXIT.integrity, meaning: "stored bytes do not match their recorded hash", retryable: false },
  notImplemented: { code: EXIT.notImplemented, meaning: "job kind not implemented yet in this release", retryable: false },
  transient: { code: EXIT.transient, meaning: "transient failure of a dependency; retry", retryable: true },
  terminated: { code: EXIT.terminated, meaning: "terminated by a signal (spot reclaim, cancel or timeout)", retryable: true },
};

/** Codes a runner should retry (while attempts remain). */
export const RETRYABLE_EXIT_CODES: readonly number[] = Object.values(EXIT_MEANINGS)
  .filter((e) => e.retryable)
  .map((e) => e.code);

export function describeExitCode(code: number): string {
  const entry = Object.values(EXIT_MEANINGS).find((e) => e.code === code);
  if (entry) return entry.meaning;
  if (code > 128) return `killed by signal ${code - 128}`;
  return `unknown exit code ${code}`;
}
