// TEMPORARY scaffold while the parser is written; replaced by the real implementation.
export * from "./types.js";
import type { ParsedReport, ReportValidation } from "./types.js";
export const REPORT_MAX_CHARS = 20_000;
export function parseReport(_text: string): ParsedReport {
  throw new Error("report parser not implemented yet");
}
export function validateReport(_input: unknown): ReportValidation {
  throw new Error("report parser not implemented yet");
}
