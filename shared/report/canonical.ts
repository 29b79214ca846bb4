import { CANONICAL_SECTION_ORDER } from "./lexicon/sections.js";
import { canonicalHeader } from "./sections.js";
import type { CanonicalReport, ReportCondition, SectionName } from "./types.js";

export interface NormalizedSection {
  name: SectionName;
  /** Case-folded, whitespace-collapsed content: exactly the text the rules ran on. */
  text: string;
}

const RANK = new Map(CANONICAL_SECTION_ORDER.map((name, i) => [name, i]));

/**
 * The canonical text: non-empty sections in a fixed order (same-named sections by content, so
 * that input order never matters), each as "header: content" on its own line; headerless text
 * comes first without a header. Every rule is blind to case and to the amount of whitespace, and
 * reads each section on its own, so parsing this text yields the same condition: the form is
 * idempotent and serves as the cache key.
 */
export function canonicalText(sections: NormalizedSection[]): string {
  return sections
    .filter((s) => s.text.length > 0)
    .sort((a, b) => (RANK.get(a.name) ?? 99) - (RANK.get(b.name) ?? 99) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map((s) => (s.name === "body" ? s.text : `${canonicalHeader(s.name) ?? s.name}: ${s.text}`))
    .join("\n");
}

export function canonicalForm(sections: NormalizedSection[], condition: ReportCondition): CanonicalReport {
  return { text: canonicalText(sections), condition };
}
