import { POST_CUE_WINDOW } from "../lexicon/scope.js";
import type { Match } from "../text/phrases.js";
import type { Mention } from "../types.js";
import { clauseOf, type Cue, type SectionContext } from "./context.js";

export interface Assertion {
  status: Mention["status"];
  cue: Match | null;
}

/**
 * Decides whether a mention is asserted, negated or uncertain (CheXpert labeler / NegBio
 * rules): a cue following the mention closely in its clause ("effusion is not seen",
 * "pneumonia cannot be excluded") binds tighter than one before it; otherwise the nearest cue
 * before the mention in its clause decides ("no pneumothorax, possible small effusion").
 * A cue lying inside the mention span (attribute phrases) counts as preceding it.
 */
export function assertionOf(ctx: SectionContext, m: Match, inner: Match | null = null): Assertion {
  const clause = clauseOf(ctx, m);
  let post: Cue | null = null;
  for (const c of ctx.postCues) {
    if (c.start >= m.end && c.start <= m.end + POST_CUE_WINDOW && c.end <= clause.end) {
      if (post === null || c.start < post.start) post = c;
    }
  }
  if (post !== null) return { status: statusOf(post), cue: post };
  let pre: Cue | null = null;
  const limit = inner?.start ?? m.start;
  for (const c of ctx.preCues) {
    if (c.start >= clause.start && c.end <= limit) {
      if (pre === null || c.end > pre.end) pre = c;
    }
  }
  if (pre !== null) return { status: statusOf(pre), cue: pre };
  return { status: "positive", cue: null };
}

function statusOf(cue: Cue): Mention["status"] {
  return cue.kind === "negation" ? "negative" : "uncertain";
}
