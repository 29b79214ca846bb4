import { CHEST_VOCABULARY } from "./lexicon/chest-vocabulary.js";
import { BINARY_MAX_NONPRINTABLE_SHARE, REPORT_MAX_CHARS } from "./limits.js";
import { parseReport } from "./parse.js";
import { describePhi, findPhi } from "./phi.js";
import { foldCase } from "./text/fold.js";
import { compilePhrases } from "./text/phrases.js";
import type { ReportError, ReportValidation } from "./types.js";

const CHEST_WORD = compilePhrases(CHEST_VOCABULARY, "");
/** C0/C1 controls other than tab, line feed, vertical tab, form feed, carriage return. */
const NON_PRINTABLE = /[\u0001-\u0008\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g;
/** Characters that only appear in decoded binary: NUL, the replacement character, lone surrogates. */
const BINARY_MARKER = /\u0000|\ufffd|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks that the input is a usable chest radiograph report and parses it. Every problem found
 * is listed, each with a stable code and a message a person can act on; PHI is located by spans,
 * never quoted.
 */
export function validateReport(input: unknown): ReportValidation {
  if (input === undefined || input === null) {
    return fail({ code: "report_missing", message: "No report was given. Send the report text as a string." });
  }
  if (typeof input !== "string") {
    return fail({ code: "report_not_text", message: `The report must be a string of text, not ${describeType(input)}.` });
  }
  if (input.trim().length === 0) {
    return fail({ code: "report_empty", message: "The report is empty. Send the findings and/or impression text." });
  }
  const errors: ReportError[] = [];
  if (input.length > REPORT_MAX_CHARS) {
    errors.push({
      code: "report_too_long",
      message: `The report has ${input.length} characters; the limit is ${REPORT_MAX_CHARS}. Send one report at a time, or shorten it to its findings and impression.`,
    });
  }
  if (isBinary(input)) {
    errors.push({
      code: "report_binary",
      message: "The report contains binary or non-text characters (NUL, control or replacement characters). Send plain UTF-8 text, not a file's raw bytes.",
    });
  }
  // Content checks cost CPU linear in length: skip them for oversized input.
  if (input.length <= REPORT_MAX_CHARS) {
    if (!CHEST_WORD.test(foldCase(input))) {
      errors.push({
        code: "report_not_chest_radiograph",
        message: "The text does not read like a chest X-ray report: it names no chest anatomy or finding (lungs, heart, pleura, effusion, ...). Send the report's findings or impression.",
      });
    }
    const phi = findPhi(input);
    if (phi.length > 0) {
      errors.push({
        code: "report_contains_phi",
        message: `The report appears to contain protected health information (${describePhi(phi)}). Remove it or replace it with XXXX, then send it again.`,
        spans: phi,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, report: parseReport(input) };
}

function isBinary(text: string): boolean {
  if (BINARY_MARKER.test(text)) return true;
  NON_PRINTABLE.lastIndex = 0;
  let count = 0;
  while (NON_PRINTABLE.exec(text) !== null) count++;
  return count > 0 && count / text.length > BINARY_MAX_NONPRINTABLE_SHARE;
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function fail(error: ReportError): ReportValidation {
  return { ok: false, errors: [error] };
}
