/**
 * Compiles a phrase table into one regular expression. Phrase syntax (kept deliberately small):
 * words separated by single spaces match any whitespace or hyphen between them; a trailing `*`
 * on a word matches any word ending ("opaci*" = opacity, opacities, opacification); a phrase
 * starting with `re:` is a raw regular-expression source, for the few patterns that need one.
 * Matches are bounded by non-letters on both sides. Longer phrases are tried first. A phrase
 * starting with `punct:` is punctuation, matched literally and without the letter boundaries.
 */
export function compilePhrases(phrases: readonly string[], flags = "g"): RegExp {
  const words = phrases.filter((p) => !p.startsWith("punct:"));
  const punctuation = phrases.filter((p) => p.startsWith("punct:")).map((p) => escapeRegExp(p.slice(6)));
  const sources = [...words].sort((a, b) => b.length - a.length).map(phraseSource);
  const bounded = sources.length > 0 ? [`(?<![a-z0-9])(?:${sources.join("|")})(?![a-z0-9])`] : [];
  return new RegExp([...bounded, ...punctuation].join("|"), flags);
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
export function findAll(re: RegExp, text: string): Match[] {
  const out: Match[] = [];
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
