import { SECTION_HEADERS, WEAK_HEADERS } from "./lexicon/sections.js";
import type { Section, SectionName } from "./types.js";

const HEADER_NAMES = new Map<string, SectionName>();
for (const [name, phrases] of SECTION_HEADERS) for (const p of phrases) HEADER_NAMES.set(p, name);

const byLength = (a: string, b: string) => b.length - a.length;
const toSource = (p: string) => p.split(" ").join("\\s+");
const strong = [...HEADER_NAMES.keys()].filter((p) => !WEAK_HEADERS.has(p)).sort(byLength).map(toSource);
const weak = [...WEAK_HEADERS].sort(byLength).map(toSource);
const HEADER_RE = new RegExp(
  `(?:(?<![a-z0-9])(${strong.join("|")})|(?<=(?:^|[.;:!?)\\]])\\s*)(${weak.join("|")}))\\s*:`,
  "g",
);

/** The canonical header written for a section (the first phrase of its entry). */
export function canonicalHeader(name: SectionName): string | null {
  for (const [n, phrases] of SECTION_HEADERS) if (n === name) return phrases[0] ?? null;
  return null;
}

/**
 * Splits a case-folded report into sections. Text before the first header is "body"; content
 * spans are trimmed of surrounding whitespace.
 */
export function splitSections(folded: string): Section[] {
  const sections: Section[] = [];
  let current: { name: SectionName; header: { start: number; end: number } | null; start: number } = {
    name: "body",
    header: null,
    start: 0,
  };
  const close = (end: number) => {
    const content = trim(folded, current.start, end);
    if (current.header !== null || content.end > content.start) {
      sections.push({ name: current.name, header: current.header, content });
    }
  };
  HEADER_RE.lastIndex = 0;
  for (let m = HEADER_RE.exec(folded); m !== null; m = HEADER_RE.exec(folded)) {
    const phrase = (m[1] ?? m[2] ?? "").replace(/\s+/g, " ");
    const name = HEADER_NAMES.get(phrase) ?? "other";
    close(m.index);
    current = { name, header: { start: m.index, end: m.index + m[0].length }, start: m.index + m[0].length };
  }
  close(folded.length);
  return sections;
}

function trim(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return { start: s, end: e };
}
