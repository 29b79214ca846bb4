/**
 * Exit codes of `cxr-synth`, stable across releases so scripts can branch on them. Each says
 * who has to act: the user (2, 3, 4, 5, 7), the service (6, retry later) or nobody (0).
 */
export const CLI_EXIT = {
  /** Done. */
  ok: 0,
  /** A bug in the CLI (the only case that prints a stack trace, with CXR_DEBUG=1). */
  internal: 1,
  /** Bad command line: unknown command or flag, missing or malformed value. */
  usage: 2,
  /** An input file is missing, unreadable, or has reports that fail validation (nothing was sent). */
  invalidInput: 3,
  /** The API key is missing, invalid, revoked or lacks the needed scope. */
  auth: 4,
  /** The API refused the request (credits, quota, not found, already finished, invalid order). */
  refused: 5,
  /** The service could not be reached or failed on its side (network, 5xx, rate limited): retry later. */
  unavailable: 6,
  /** A downloaded file or a webhook signature failed verification. */
  verificationFailed: 7,
  /** The order ran but failed or was cancelled (a dataset, a generation). */
  jobFailed: 8,
} as const;

export type CliExitName = keyof typeof CLI_EXIT;
