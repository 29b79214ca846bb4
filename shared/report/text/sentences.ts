import type { Match } from "./phrases.js";

/**
 * Sentence boundaries in whitespace-normalised, case-folded text. Newlines are not used (the
 * normalised text has none), so wrapped lines never split a sentence; instead: a full stop,
 * question or exclamation mark before a space or the end; a full stop glued to the next word
 * ("apex.there", but not "e.g." or "1.5"); bullets (" - ", " * ", "•") and numbered items (" 2. ").
 */
const SENTENCE_BREAK = /[.!?]+(?= |$)|(?<=[a-z]{2})\.(?=[a-z])| [-*•] |•| \d{1,2}[.)] (?=[a-z])/g;

export function splitSentences(text: string): Match[] {
  const out: Match[] = [];
  let start = 0;
  SENTENCE_BREAK.lastIndex = 0;
  for (let m = SENTENCE_BREAK.exec(text); m !== null; m = SENTENCE_BREAK.exec(text)) {
    const end = m.index;
    if (end > start) out.push({ start, end });
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}
