import type { SectionName } from "../types.js";

/**
 * Section headers. A header is one of these phrases followed by a colon, at the start of the
 * text or after a non-letter (headers need not start a line: wrapped or flattened reports put
 * them mid-line). The first phrase of each entry is the canonical header written back by the
 * canonical form, and must itself be recognised.
 */
export const SECTION_HEADERS: ReadonlyArray<readonly [SectionName, readonly string[]]> = [
  ["findings", ["findings", "finding", "report"]],
  ["impression", ["impression", "impressions", "conclusion", "conclusions", "summary", "opinion", "diagnosis", "interpretation"]],
  ["indication", ["indication", "indications", "clinical indication", "reason for exam", "reason for examination", "reason for study", "clinical information", "clinical question", "reason"]],
  ["history", ["history", "clinical history", "medical history", "clinical data", "clinical details"]],
  ["comparison", ["comparison", "comparisons", "comparison study", "comparison studies", "comparison exam", "comparison examination", "compared with", "prior studies", "prior study", "prior"]],
  ["technique", ["technique", "techniques", "views", "procedure"]],
  ["examination", ["examination", "exam", "study", "type of study", "type of examination"]],
  ["recommendation", ["recommendation", "recommendations", "recommend"]],
  ["other", ["addendum", "note", "notes", "notification", "wet read", "final report", "comment", "comments"]],
];

/** Order of sections in the canonical form (body = text before any header). */
/**
 * Generic words that are headers only at the start of the text or after punctuation
 * ("Comparison study:" is not an examination header).
 */
export const WEAK_HEADERS: ReadonlySet<string> = new Set([
  "report", "summary", "opinion", "diagnosis", "interpretation", "reason", "prior", "views",
  "procedure", "exam", "study", "recommend", "note", "notes", "comment", "comments", "finding",
]);

export const CANONICAL_SECTION_ORDER: readonly SectionName[] = [
  "body",
  "examination",
  "indication",
  "history",
  "technique",
  "comparison",
  "findings",
  "impression",
  "recommendation",
  "other",
];

/** Sections whose content states findings; the others (reason for exam, priors) are not labelled. */
export const LABELLED_SECTIONS: ReadonlySet<SectionName> = new Set<SectionName>([
  "body",
  "findings",
  "impression",
  "recommendation",
  "other",
]);
