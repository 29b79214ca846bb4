import { EDGE_CONFIG } from "../config.js";

/** Exponential backoff: base × 2^(attempt−1), capped. Deterministic (no jitter): queues spread load already. */
export function backoffSeconds(attempt: number, base: number = EDGE_CONFIG.retryBaseSeconds, max: number = EDGE_CONFIG.retryMaxSeconds): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(max, base * 2 ** exponent);
}
