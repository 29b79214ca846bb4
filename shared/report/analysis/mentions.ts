import { OBSERVATION_PHRASES, type FindingLabel } from "../lexicon/observations.js";
import { ATTRIBUTE_FAMILIES } from "../lexicon/attributes.js";
import { ATTRIBUTE_AFTER_WINDOW, ATTRIBUTE_BEFORE_WINDOW } from "../lexicon/scope.js";
import { compileMatcher, findPhrases, overlaps, type Match } from "../text/phrases.js";
import { clauseOf, overlapsAny, startingWithin, type SectionContext } from "./context.js";
import { assertionOf } from "./status.js";
import { modifiersOf, type Modifiers } from "./modifiers.js";
import type { Mention } from "../types.js";

/** A mention in normalised-text coordinates, before mapping back to the input. */
export interface RawMention extends Modifiers {
  label: FindingLabel;
  span: Match;
  status: Mention["status"];
  cue: Match | null;
}

const DIRECT = (Object.keys(OBSERVATION_PHRASES) as FindingLabel[]).map((label) => ({
  label,
  mentions: compileMatcher(OBSERVATION_PHRASES[label].mentions),
  exclusions: compileMatcher(OBSERVATION_PHRASES[label].exclusions),
}));

const FAMILIES = ATTRIBUTE_FAMILIES.map((f) => ({
  ...f,
  structuresRe: compileMatcher(f.structures),
  exclusionsRe: compileMatcher(f.structureExclusions),
  normalRe: compileMatcher(f.normal),
  borderlineRe: compileMatcher(f.borderline),
  abnormalRe: compileMatcher(f.abnormal),
}));

/** CheXpert's aggregation adds an uncertain Cardiomegaly for asserted heart failure. */
const HEART_FAILURE = /heart failure|chf|congestive failure/;

export function findMentions(ctx: SectionContext): RawMention[] {
  const out: RawMention[] = [];
  for (const d of DIRECT) {
    const found = findPhrases(d.mentions, ctx.text);
    if (found.length === 0) continue;
    const excluded = findPhrases(d.exclusions, ctx.text);
    for (const m of found) {
      if (overlapsAny(excluded, m)) continue;
      const a = assertionOf(ctx, m);
      if (a.status === null) continue;
      const mention = { label: d.label, span: m, status: a.status, cue: a.cue, ...modifiersOf(ctx, m) };
      out.push(mention);
      if (d.label === "Edema" && a.status !== "negative" && HEART_FAILURE.test(ctx.text.slice(m.start, m.end))) {
        out.push({ ...mention, label: "Cardiomegaly", status: "uncertain" });
      }
    }
  }
  for (const f of FAMILIES) findAttributeMentions(ctx, f, out);
  return out;
}

type Family = (typeof FAMILIES)[number];
type Qualifier = Match & { kind: "normal" | "borderline" | "abnormal" };

function findAttributeMentions(ctx: SectionContext, f: Family, out: RawMention[]): void {
  const structures = findPhrases(f.structuresRe, ctx.text);
  if (structures.length === 0) return;
  const excluded = findPhrases(f.exclusionsRe, ctx.text);
  const qualifiers = qualifiersOf(ctx, f);
  for (const s of structures) {
    if (overlapsAny(excluded, s)) continue;
    const window = clauseOf(ctx, s, ctx.attributeBreaks);
    const q = pickQualifier(qualifiers, s, {
      start: Math.max(window.start, s.start - ATTRIBUTE_BEFORE_WINDOW),
      end: Math.min(window.end, s.end + ATTRIBUTE_AFTER_WINDOW),
    }, ctx.text);
    if (q === null) continue;
    const span = { start: Math.min(s.start, q.start), end: Math.max(s.end, q.end) };
    const modifiers = modifiersOf(ctx, span);
    if (q.kind === "normal") {
      for (const label of f.normalLabels) out.push({ label, span, status: "negative", cue: q, ...modifiers });
      continue;
    }
    let status: Mention["status"] = q.kind === "borderline" ? "uncertain" : "positive";
    let cue: Match | null = q;
    const a = assertionOf(ctx, span, q.start > s.start ? q : null);
    if (a.status === null) continue;
    if (a.status !== "positive") {
      status = a.status;
      cue = a.cue;
    }
    for (const label of f.abnormalLabels) out.push({ label, span, status, cue, ...modifiers });
  }
}

/** Qualifier matches sorted by start; on overlap borderline beats normal beats abnormal ("not enlarged"). */
function qualifiersOf(ctx: SectionContext, f: Family): Qualifier[] {
  const findAll = (m: Family["normalRe"]) => findPhrases(m, ctx.text);
  const borderline = findAll(f.borderlineRe).map((m): Qualifier => ({ ...m, kind: "borderline" }));
  const normal = findAll(f.normalRe)
    .filter((m) => !borderline.some((b) => overlaps(b, m)))
    .map((m): Qualifier => ({ ...m, kind: "normal" }));
  const abnormal = findAll(f.abnormalRe)
    .filter((m) => !borderline.some((b) => overlaps(b, m)) && !normal.some((n) => overlaps(n, m)))
    .map((m): Qualifier => ({ ...m, kind: "abnormal" }));
  return [...borderline, ...normal, ...abnormal].sort((a, b) => a.start - b.start);
}

/**
 * The nearest qualifier after the structure, else the nearest before it. Qualifiers of different
 * kinds after it offered as alternatives ("upper limits of normal or mildly enlarged") make the
 * description borderline.
 */
const ALTERNATIVE = /^\W*(?:or|to|versus|vs\.?|and\/or)\W/;

function pickQualifier(qualifiers: Qualifier[], s: Match, window: Match, text: string): Qualifier | null {
  let after: Qualifier | null = null;
  let before: Qualifier | null = null;
  let mixed = false;
  const near = startingWithin(qualifiers, window.start, window.end);
  for (const q of near) {
    if (q.start >= s.end && q.end <= window.end) {
      if (after === null || q.start < after.start) after = q;
    } else if (q.end <= s.start && q.start >= window.start) {
      if (before === null || q.end > before.end) before = q;
    }
  }
  if (after !== null) {
    for (const q of near) {
      if (q.kind !== after.kind && q.start >= after.end && q.end <= window.end && ALTERNATIVE.test(text.slice(after.end, q.start))) mixed = true;
    }
  }
  if (after !== null && mixed) return { ...after, kind: "borderline" };
  return after ?? before;
}
