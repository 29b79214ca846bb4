/**
 * The dual encoder's text input: a report as a hashed bag of scoped words and word pairs
 * (feature hashing, Weinberger et al. 2009), L2-normalised. A word after a negation cue in the
 * same sentence is a different feature ("!effusion") from the affirmed word, and one after a
 * hedge is "?effusion", so "no effusion" and "effusion" are far apart even in a bag of words.
 * Deliberately independent of the generator's tokenizer and text encoder.
 */
const NEGATION_CUES = new Set(["no", "not", "without", "negative", "free", "absent", "resolved", "clear", "removed", "nor"]);
const HEDGE_CUES = new Set(["may", "might", "possible", "possibly", "likely", "probable", "questionable", "suspicious", "cannot", "suggest", "suggests", "versus", "concern", "question"]);
const SCOPE_BREAKS = new Set(["but", "however", "although", "except", "which", "with"]);

/** FNV-1a, 32-bit. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Scoped tokens of a report: words lower-cased, prefixed "!" (negated) or "?" (hedged). */
export function scopedTokens(report: string): string[] {
  const tokens: string[] = [];
  for (const sentence of report.toLowerCase().split(/[.;:\n]+/)) {
    let scope = "";
    for (const word of sentence.split(/[^a-z]+/).filter((w) => w.length > 0)) {
      if (NEGATION_CUES.has(word)) scope = "!";
      else if (HEDGE_CUES.has(word)) scope = scope === "!" ? "!" : "?";
      else if (SCOPE_BREAKS.has(word)) scope = "";
      tokens.push(scope + word);
    }
    tokens.push("|");
  }
  return tokens;
}

/** Writes the L2-normalised hashed features of `report` into `out` at `offset` (buckets values). */
export function textFeatures(report: string, buckets: number, out = new Float32Array(buckets), offset = 0): Float32Array {
  const tokens = scopedTokens(report);
  const row = out.subarray(offset, offset + buckets);
  row.fill(0);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === "|") continue;
    row[hash(tokens[i]!) % buckets] = 1;
    const next = tokens[i + 1];
    if (next !== undefined && next !== "|") row[hash(`${tokens[i]} ${next}`) % buckets] = 1;
  }
  let norm = 0;
  for (let i = 0; i < buckets; i++) norm += row[i]! * row[i]!;
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < buckets; i++) row[i]! *= inv;
  return out;
}

export function textFeatureBatch(reports: readonly string[], buckets: number): Float32Array {
  const out = new Float32Array(reports.length * buckets);
  reports.forEach((r, i) => textFeatures(r, buckets, out, i * buckets));
  return out;
}
