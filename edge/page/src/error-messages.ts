/**
 * What the visitor reads for each stable error code of the API (and of a failed job). Every
 * message says what happened and what to do; unknown codes fall back to the server's message.
 */
import type { ApiErrorBody } from "./api.js";

type Explain = (error: ApiErrorBody) => string;

function detail<T>(error: ApiErrorBody, key: string): T | undefined {
  const details = error.details as Record<string, unknown> | undefined;
  return details?.[key] as T | undefined;
}

const MESSAGES: Record<string, Explain> = {
  report_contains_phi: () => "Your report seems to contain personal health information (highlighted). Remove names, dates, record numbers and contact details, then try again.",
  report_not_chest_radiograph: () => "This does not read like a chest X-ray report. Describe the chest radiograph's findings, or start from an example.",
  report_empty: () => "Type a chest X-ray report first, or pick an example.",
  report_missing: () => "Type a chest X-ray report first, or pick an example.",
  report_too_long: (e) => `${e.message} Shorten the report and try again.`,
  report_binary: () => "The report contains characters that are not text. Paste plain text only.",
  report_not_text: () => "The report must be plain text.",
  rate_limited: (e) => `Too many requests from your connection. Wait ${detail<number>(e, "retryAfterSeconds") ?? "a few"} seconds, then try again.`,
  demo_allowance_exhausted: (e) =>
    detail<string>(e, "payments") === "enabled"
      ? `You have used today's ${detail<number>(e, "limit") ?? ""} free images. Buy credits below to keep generating, or come back tomorrow.`
      : `You have used today's ${detail<number>(e, "limit") ?? ""} free images. Paid credits are not enabled on this deployment, so come back tomorrow (the allowance resets at midnight UTC).`,
  payments_disabled: () => "Paid credits are not enabled on this deployment (no payment provider is configured). The free allowance resets at midnight UTC.",
  invalid_request: () => "One of the settings is out of range. Check size, seed and steps.",
  invalid_json: () => "The request could not be read. Reload the page and try again.",
  body_too_large: () => "The report is too long to send. Shorten it and try again.",
  unsupported_media_type: () => "The request could not be read. Reload the page and try again.",
  generation_not_found: () => "This generation is no longer available. Generate the image again.",
  not_implemented: () => "The generation job failed: the image generator is not available in this release yet. Please try again later.",
  network_error: () => "The service could not be reached. Check your connection and try again.",
  internal_error: () => "Something went wrong on our side. Please try again in a minute.",
};

/** A sentence for the visitor; `job` marks failures of the generation job itself. */
export function explainError(error: ApiErrorBody, job = false): string {
  const explain = MESSAGES[error.code];
  if (explain) return explain(error);
  if (job) return `The generation job failed (${error.code}): ${error.message || "no reason given"}. Try again, perhaps with another seed.`;
  return error.message || `The request failed (${error.code}). Please try again.`;
}

/** Codes this page explains in its own words (the tests check each has a message). */
export const EXPLAINED_CODES = Object.keys(MESSAGES);
