/**
 * When AWS Batch retries an attempt (evaluateOnExit, first match wins, at most 5 rules). Shared by
 * the job definitions (infra/) and the per-submit override (AwsBatchBackend) so they cannot
 * drift; the local runner applies the same rule through RETRYABLE_EXIT_CODES.
 * - Spot reclaims end with a status reason "Host EC2 (instance i-…) terminated." → retry.
 * - Our retryable exit codes (75 transient, 143 SIGTERM) → retry.
 * - Anything else (bad spec, bug, not implemented) → fail at once: retrying on a GPU costs money
 *   and cannot help.
 */
import { EXIT } from "./exit-codes.js";

export interface EvaluateOnExitRule {
  action: "RETRY" | "EXIT";
  onStatusReason?: string;
  onReason?: string;
  onExitCode?: string;
}

export const BATCH_EVALUATE_ON_EXIT: readonly EvaluateOnExitRule[] = [
  { action: "RETRY", onStatusReason: "Host EC2*" },
  { action: "RETRY", onExitCode: String(EXIT.transient) },
  { action: "RETRY", onExitCode: String(EXIT.terminated) },
  { action: "EXIT", onReason: "*" },
];

/** Default attempts per child (first try + retries), within AWS's 1..10. */
export const DEFAULT_ATTEMPTS = 3;
