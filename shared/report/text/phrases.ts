import { passes, type Gate } from "./gate.js";

/**
 * Compiles a phrase table into one regular expression. Phrase syntax (kept deliberately small):
 * words separated by single spaces match any whitespace or hyphen between them; a trailing `*`
 * on a word matches any word ending ("opaci*" = opacity, opacities, opacification); a phrase
 * starting with `re:` is a raw regular-expression source, for the few patterns that need one.
 * Matches are bounded by non-letters on both sides. Longer phrases are tried first. A phrase
 * starting with `punct:` is punctuation, matched literally and without the letter boundaries;
 * `raw:` is a regular-expression source used without the boundaries.
 */
export function compilePhrases(phrases: readonly string[], flags = "g"): RegExp {
  const unbounded = (p: string) => p.startsWith("punct:") || p.startsWith("raw:");
  const words = phrases.filter((p) => !unbounded(p));
  const punctuation = phrases
    .filter(unbounded)
    .map((p) => (p.startsWith("raw:") ? `(?:${p.slice(4)})` : escapeRegExp(p.slice(6))));
  const sources = [...words].sort((a, b) => b.length - a.length).map(phraseSource);
  // \b is far faster than a look-behind for V8; it treats "_" as a letter, which only
  // matters for "___" placeholders glued to a word.
  const bounded = sources.length > 0 ? [`\\b(?:${sources.join("|")})\\b`] : [];
  return new RegExp([...bounded, ...punctuation].join("|"), flags);
}

/** A compiled phrase table with the gate that tells when running it can find anything. */
export interface PhraseMatcher {
  re: RegExp;
  gate: Gate;
}

export function compileMatcher(phrases: readonly string[]): PhraseMatcher {
  return { re: phrases.length > 0 ? compilePhrases(phrases) : NEVER, gate: gateOf(phrases) };
}

/** Matches of a table in a text; [] at once when the gate is shut. */
export function findPhrases(m: PhraseMatcher, text: string): Match[] {
  return passes(m.gate, text) ? findAll(m.re, text) : [];
}

const MAX_GATE_LITERALS = 8;

function gateOf(phrases: readonly string[]): Gate {
  const literals = new Set<string>();
  const always = { always: true, literals: [] };
  for (const phrase of phrases) {
    if (phrase.startsWith("punct:") || phrase.startsWith("raw:")) return always;
    let lead: string;
    if (phrase.startsWith("re:")) {
      const src = phrase.slice(3);
      lead = /^[a-z]+/.exec(src)?.[0] ?? "";
      if (topLevelAlternation(src)) return always;
      // A quantifier after the letters makes the last one optional.
      if (/^[?*{]/.test(src.slice(lead.length))) lead = lead.slice(0, -1);
    } else {
      lead = /^[a-z0-9]+/.exec(phrase)?.[0] ?? "";
    }
    if (lead.length === 0) return always;
    literals.add(lead);
  }
  // A literal containing another is implied by it; past a few literals the substring searches
  // cost more than the regex they would save.
  const minimal = [...literals].filter((l) => ![...literals].some((o) => o !== l && l.includes(o)));
  return minimal.length > MAX_GATE_LITERALS ? always : { always: false, literals: minimal };
}

function topLevelAlternation(src: string): boolean {
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === "\\") i++;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "|" && depth === 0) return true;
  }
  return false;
}

function phraseSource(phrase: string): string {
  if (phrase.startsWith("re:")) return `(?:${phrase.slice(3)})`;
  return phrase
    .split(" ")
    .map((word) => {
      const stem = word.endsWith("*");
      const body = escapeRegExp(stem ? word.slice(0, -1) : word);
      return stem ? `${body}[a-z]*` : body;
    })
    .join("[\\s-]+");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export interface Match {
  start: number;
  end: number;
}

/** All non-overlapping matches of a global regex in text. */
export const NEVER = /(?!)/g;

export function findAll(re: RegExp, text: string): Match[] {
  const out: Match[] = [];
  if (re === NEVER) return out;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export function overlaps(a: Match, b: Match): boolean {
  return a.start < b.end && b.start < a.end;
}

/** A match tagged with the value of the table entry it came from. */
export interface TaggedMatch<T> extends Match {
  value: T;
}

/**
 * One regex for a table of (value, phrases) entries: a single scan instead of one per entry,
 * the matching capture group telling the value.
 */
export function compileTagged<T>(table: ReadonlyArray<readonly [T, readonly string[]]>): { re: RegExp; values: T[] } {
  const groups = table.map(([, phrases]) => [...phrases].sort((a, b) => b.length - a.length).map(phraseSource).join("|"));
  return { re: new RegExp(`\\b(?:${groups.map((g) => `(${g})`).join("|")})\\b`, "g"), values: table.map(([v]) => v) };
}

export function findTagged<T>(tagged: { re: RegExp; values: T[] }, text: string): TaggedMatch<T>[] {
  const out: TaggedMatch<T>[] = [];
  const re = tagged.re;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    out.push({ start: m.index, end: m.index + m[0].length, value: tagged.values[group - 1]! });
  }
  return out;
}
