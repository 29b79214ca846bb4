import { PRE_NEGATION, POST_NEGATION, PSEUDO_NEGATION } from "../lexicon/negation.js";
import { PRE_UNCERTAINTY, POST_UNCERTAINTY, HEDGES, PRE_HYPOTHETICAL, POST_HYPOTHETICAL } from "../lexicon/uncertainty.js";
import { CLAUSE_TERMINATORS, ATTRIBUTE_WINDOW_TERMINATORS } from "../lexicon/scope.js";
import { LATERALITY_WORDS, SEVERITY_WORDS } from "../lexicon/modifiers.js";
import { compileMatcher, compileTagged, findPhrases, findTagged, overlaps, type Match, type PhraseMatcher, type TaggedMatch } from "../text/phrases.js";
import { splitSentences } from "../text/sentences.js";
import type { Laterality, Severity } from "../types.js";

export interface Cue extends Match {
  kind: "negation" | "uncertainty" | "hypothetical";
}
export type { TaggedMatch };

/**
 * Everything about one section's normalised text that the rules share: sentences, clause
 * boundaries and all cue / modifier positions, computed once per section.
 */
export interface SectionContext {
  text: string;
  sentences: Match[];
  clauseBreaks: Match[];
  attributeBreaks: Match[];
  preCues: Cue[];
  /** Sorted by start, like every list here, so lookups can bisect. */
  postCues: Cue[];
  /** Short-scope hedging adjectives ("possible"). */
  hedges: Match[];
  laterality: TaggedMatch<Laterality>[];
  severity: TaggedMatch<Severity>[];
}

const PRE_NEG = compileMatcher(PRE_NEGATION);
const POST_NEG = compileMatcher(POST_NEGATION);
const PSEUDO = compileMatcher(PSEUDO_NEGATION);
const PRE_UNC = compileMatcher(PRE_UNCERTAINTY);
const POST_UNC = compileMatcher(POST_UNCERTAINTY);
const HEDGE = compileMatcher(HEDGES);
const PRE_HYPO = compileMatcher(PRE_HYPOTHETICAL);
const POST_HYPO = compileMatcher(POST_HYPOTHETICAL);
const CLAUSE = compileMatcher(CLAUSE_TERMINATORS);
const ATTRIBUTE_BREAK = compileMatcher(ATTRIBUTE_WINDOW_TERMINATORS);
const LATERALITY = compileTagged(LATERALITY_WORDS);
const SEVERITY = compileTagged(SEVERITY_WORDS);

export function buildContext(text: string): SectionContext {
  const findAll = (m: PhraseMatcher, t: string) => findPhrases(m, t);
  const pseudo = findAll(PSEUDO, text);
  const preUnc = findAll(PRE_UNC, text);
  const postUnc = findAll(POST_UNC, text);
  const uncertain = [...preUnc, ...postUnc];
  // Uncertainty cues containing a negation word ("cannot exclude") win over that negation.
  const keepNegation = (m: Match) => !pseudo.some((p) => overlaps(p, m)) && !uncertain.some((u) => overlaps(u, m));
  const preNeg = findAll(PRE_NEG, text).filter(keepNegation);
  const postNeg = findAll(POST_NEG, text).filter(keepNegation);
  const postHypo = findAll(POST_HYPO, text);
  const tag = (kind: Cue["kind"]) => (m: Match): Cue => ({ ...m, kind });
  return {
    text,
    sentences: splitSentences(text),
    clauseBreaks: findAll(CLAUSE, text),
    attributeBreaks: findAll(ATTRIBUTE_BREAK, text),
    preCues: byStart([...preNeg.map(tag("negation")), ...preUnc.map(tag("uncertainty")), ...findAll(PRE_HYPO, text).map(tag("hypothetical"))]),
    postCues: byStart([...postNeg.filter((m) => !postHypo.some((h) => overlaps(h, m))).map(tag("negation")), ...postUnc.map(tag("uncertainty")), ...postHypo.map(tag("hypothetical"))]),
    hedges: findAll(HEDGE, text),
    laterality: findTagged(LATERALITY, text),
    severity: findTagged(SEVERITY, text),
  };
}

function byStart<T extends Match>(list: T[]): T[] {
  return list.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The items of a start-sorted list starting in [from, to). */
export function startingWithin<T extends Match>(list: T[], from: number, to: number): T[] {
  const out: T[] = [];
  for (let i = firstStartingFrom(list, from); i < list.length && list[i]!.start < to; i++) out.push(list[i]!);
  return out;
}

/** Whether m overlaps a range of a sorted, non-overlapping list (one regex scan's matches). */
export function overlapsAny(list: Match[], m: Match): boolean {
  const i = firstStartingFrom(list, m.end) - 1;
  return i >= 0 && list[i]!.end > m.start;
}

/** The sentence holding [start, end), or the whole text if it straddles a boundary. */
export function sentenceOf(ctx: SectionContext, m: Match): Match {
  const k = lastEndingBy(ctx.sentences, m.end - 1) + 1;
  const s = ctx.sentences[k];
  if (s !== undefined && s.start <= m.start && m.end <= s.end) return s;
  return { start: 0, end: ctx.text.length };
}

/** The clause around m: the sentence cut at the nearest breaks on either side. */
export function clauseOf(ctx: SectionContext, m: Match, breaks: Match[] = ctx.clauseBreaks): Match {
  const sentence = sentenceOf(ctx, m);
  let start = sentence.start;
  let end = sentence.end;
  const before = breaks[lastEndingBy(breaks, m.start)];
  if (before !== undefined && before.end > start && before.start >= sentence.start) start = before.end;
  const after = breaks[firstStartingFrom(breaks, m.end)];
  if (after !== undefined && after.start < end) end = after.start;
  return { start, end };
}

/**
 * Index of the last range ending at or before `offset` (-1 if none). The ranges come from one
 * regex scan, so they are sorted and do not overlap: starts and ends are both ascending.
 */
function lastEndingBy(ranges: Match[], offset: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function firstStartingFrom(ranges: Match[], offset: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
