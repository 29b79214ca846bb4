/**
 * A whitespace-normalised view of part of a text: runs of whitespace become one space, leading
 * and trailing whitespace is dropped, and `origin[i]` is the offset in the original text of
 * character i. All rules run on this view, so that they cannot depend on line wrapping or
 * indentation, and every span maps back exactly.
 */
export interface NormalizedText {
  text: string;
  origin: Int32Array;
}

const WHITESPACE = /\s/;

/** Same set as /\s/, with an ASCII fast path (this runs on every character of every report). */
function isWhitespace(code: number, ch: string): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return WHITESPACE.test(ch);
}

export function normalizeWhitespace(folded: string, start: number, end: number): NormalizedText {
  const origin = new Int32Array(end - start);
  const parts: string[] = [];
  let n = 0;
  let pendingSpace = false;
  let chunkStart = -1;
  for (let i = start; i < end; i++) {
    const code = folded.charCodeAt(i);
    if (isWhitespace(code, folded[i]!)) {
      if (chunkStart >= 0) {
        parts.push(folded.slice(chunkStart, i));
        chunkStart = -1;
      }
      if (n > 0) pendingSpace = true;
      continue;
    }
    if (pendingSpace) {
      parts.push(" ");
      origin[n++] = i - 1;
      pendingSpace = false;
    }
    if (chunkStart < 0) chunkStart = i;
    origin[n++] = i;
  }
  if (chunkStart >= 0) parts.push(folded.slice(chunkStart, end));
  return { text: parts.join(""), origin: origin.subarray(0, n) };
}

/** Maps a half-open range of the normalised text back to the original text. */
export function toOriginalSpan(view: NormalizedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = start < view.origin.length ? view.origin[start]! : (view.origin[view.origin.length - 1] ?? -1) + 1;
    return { start: at, end: at };
  }
  return { start: view.origin[start]!, end: view.origin[end - 1]! + 1 };
}
