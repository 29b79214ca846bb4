/**
 * Lower-cases without changing the string's length, so that every offset found in the folded
 * text is also an offset into the original. Characters whose lower-case form has another length
 * (e.g. "İ" → "i̇") are kept as they are; folding is therefore idempotent.
 */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = "";
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}
