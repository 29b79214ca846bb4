import { MODIFIER_AFTER_WINDOW, MODIFIER_BEFORE_WINDOW } from "../lexicon/modifiers.js";
import type { Match } from "../text/phrases.js";
import type { Laterality, Severity } from "../types.js";
import { clauseOf, startingWithin, type SectionContext, type TaggedMatch } from "./context.js";

export interface Modifiers {
  laterality: Laterality | null;
  severity: Severity | null;
}

/** Side and amount stated for a mention: inside it, else just before it, else just after. */
export function modifiersOf(ctx: SectionContext, m: Match): Modifiers {
  const clause = clauseOf(ctx, m);
  const window = {
    start: Math.max(clause.start, m.start - MODIFIER_BEFORE_WINDOW),
    end: Math.min(clause.end, m.end + MODIFIER_AFTER_WINDOW),
  };
  return {
    laterality: nearest(ctx.laterality, m, window),
    severity: nearest(ctx.severity, m, window),
  };
}

function nearest<T>(candidates: TaggedMatch<T>[], m: Match, window: Match): T | null {
  let inside: TaggedMatch<T> | null = null;
  let before: TaggedMatch<T> | null = null;
  let after: TaggedMatch<T> | null = null;
  for (const c of startingWithin(candidates, window.start, window.end)) {
    if (c.start >= m.start && c.end <= m.end) {
      if (inside === null || c.start < inside.start) inside = c;
    } else if (c.end <= m.start && c.start >= window.start) {
      if (before === null || c.end > before.end) before = c;
    } else if (c.start >= m.end && c.end <= window.end) {
      if (after === null || c.start < after.start) after = c;
    }
  }
  return (inside ?? before ?? after)?.value ?? null;
}
