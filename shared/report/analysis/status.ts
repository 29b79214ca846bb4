import { HEDGE_WINDOW, POST_CUE_WINDOW } from "../lexicon/scope.js";
import type { Match } from "../text/phrases.js";
import type { Mention } from "../types.js";
import { clauseOf, sentenceOf, startingWithin, type Cue, type SectionContext } from "./context.js";

export interface Assertion {
  /** null: the mention sits in a hypothetical statement and asserts nothing. */
  status: Mention["status"] | null;
  cue: Match | null;
}

/**
 * Decides whether a mention is asserted, negated or uncertain (CheXpert labeler / NegBio rules,
 * linear instead of dependency-based):
 * 1. a cue following the mention closely in its clause binds tightest ("effusion is not seen",
 *    "pneumonia cannot be excluded");
 * 2. otherwise the nearest cue before it in the clause decides ("no pneumothorax, likely
 *    atelectasis"), except that an uncertainty cue governed by a negation with no comma between
 *    them is negated ("no opacity to suggest pneumonia");
 * 3. a negation also negates a hedge ("no suspicious opacity"); a hedge alone makes the mention
 *    uncertain ("possible small effusion").
 * `inner` (attribute phrases): cues before it count as preceding the mention.
 */
export function assertionOf(ctx: SectionContext, m: Match, inner: Match | null = null): Assertion {
  const clause = clauseOf(ctx, m);
  let post: Cue | null = null;
  for (const c of startingWithin(ctx.postCues, m.end, m.end + POST_CUE_WINDOW + 1)) {
    if (c.end <= clause.end) {
      if (post === null || c.start < post.start) post = c;
    }
  }
  if (post !== null) return { status: statusOf(post), cue: post };
  const limit = inner?.start ?? m.start;
  // "If there is concern for fracture, ...": a condition governs its whole sentence.
  const sentence = sentenceOf(ctx, m);
  if (startingWithin(ctx.preCues, sentence.start, limit).some((c) => c.kind === "hypothetical" && c.end <= limit)) return { status: null, cue: null };
  const before = startingWithin(ctx.preCues, clause.start, limit);
  let pre: Cue | null = null;
  for (const c of before) {
    if (c.end <= limit && (pre === null || c.end > pre.end)) pre = c;
  }
  if (pre?.kind === "uncertainty") {
    const governing = governingNegation(ctx, before, pre);
    if (governing !== null) return { status: "negative", cue: governing };
  }
  if (pre !== null) return { status: statusOf(pre), cue: pre };

  for (const h of startingWithin(ctx.hedges, Math.max(clause.start, limit - HEDGE_WINDOW), limit)) {
    if (h.end <= limit) return { status: "uncertain", cue: h };
  }
  return { status: "positive", cue: null };
}

function governingNegation(ctx: SectionContext, clauseCues: Cue[], cue: Cue): Cue | null {
  let best: Cue | null = null;
  for (const c of clauseCues) {
    if (c.kind === "negation" && c.end <= cue.start && (best === null || c.end > best.end)) best = c;
  }
  if (best === null || ctx.text.slice(best.end, cue.start).includes(",")) return null;
  return best;
}

function statusOf(cue: Cue): Mention["status"] | null {
  return cue.kind === "negation" ? "negative" : cue.kind === "uncertainty" ? "uncertain" : null;
}
