/** Public API of the radiology report library (see docs/report-parser.md). */
export * from "./types.js";
export { REPORT_MAX_CHARS } from "./limits.js";
export { parseReport } from "./parse.js";
export { validateReport } from "./validate.js";
export { findPhi, type PhiSpan } from "./phi.js";
export { canonicalText } from "./canonical.js";
export { toChexpertValue, fromChexpertValue, isPositiveOrUncertain } from "./chexpert.js";

import { parseReport } from "./parse.js";
import type { CanonicalReport } from "./types.js";

/** The canonical form of a report (normalised text + structured condition); the cache key. */
export function canonicalize(text: string): CanonicalReport {
  return parseReport(text).canonical;
}
