/**
 * A WordPiece tokenizer for radiology reports, learned by the project (Schuster & Nakajima 2012;
 * BERT's greedy longest-match-first inference). Text is case- and whitespace-folded (the canonical
 * report already is), split into words and punctuation; each word becomes the longest vocabulary
 * piece that starts it, then "##" continuation pieces. A word with a character the vocabulary
 * lacks becomes one [UNK]. Sequences longer than `maxLength` are cut (the structured condition
 * tokens still carry every parsed finding, see condition.ts); shorter ones are padded with [PAD].
 * The vocabulary is stored in the model bundle (`tokenizer.json`), so a bundle always reads
 * reports the way it was trained.
 */
export const SPECIAL_TOKENS = ["[PAD]", "[UNK]"] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
const CONTINUATION = "##";
const WORD_RE = /[a-z0-9]+|[^\sa-z0-9]/g;

export interface TokenizerJson {
  format: "cxr-wordpiece-1";
  maxLength: number;
  vocab: string[];
}

export interface Encoded {
  ids: number[];
  /** 1 for a real token, 0 for padding. */
  mask: number[];
  /** Word pieces dropped beyond maxLength. */
  truncated: number;
}

export class Tokenizer {
  private readonly index = new Map<string, number>();
  private readonly longest: number;

  constructor(readonly json: TokenizerJson) {
    json.vocab.forEach((piece, id) => this.index.set(piece, id));
    this.longest = Math.max(...json.vocab.map((p) => p.length));
  }

  get vocabSize(): number {
    return this.json.vocab.length;
  }

  encode(text: string): Encoded {
    const pieces: number[] = [];
    for (const word of foldText(text).match(WORD_RE) ?? []) pieces.push(...this.wordPieces(word));
    const { maxLength } = this.json;
    const ids = pieces.slice(0, maxLength);
    const mask = ids.map(() => 1);
    while (ids.length < maxLength) (ids.push(PAD_ID), mask.push(0));
    return { ids, mask, truncated: Math.max(0, pieces.length - maxLength) };
  }

  decode(ids: readonly number[]): string {
    return ids
      .filter((id) => id !== PAD_ID)
      .map((id) => this.json.vocab[id] ?? "[UNK]")
      .join(" ")
      .replace(/ ##/g, "");
  }

  private wordPieces(word: string): number[] {
    const out: number[] = [];
    let start = 0;
    while (start < word.length) {
      let end = Math.min(word.length, start + this.longest);
      let id: number | undefined;
      for (; end > start; end--) {
        id = this.index.get((start > 0 ? CONTINUATION : "") + word.slice(start, end));
        if (id !== undefined) break;
      }
      if (id === undefined) return [UNK_ID];
      out.push(id);
      start = end;
    }
    return out;
  }
}

export function foldText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

export interface LearnOptions {
  maxLength: number;
  /** Vocabulary size cap (special tokens and single characters always included). */
  vocabSize: number;
  /** Words seen fewer times are left to word pieces. */
  minWordCount: number;
}

/**
 * Learns the vocabulary from a corpus plus a lexicon (lexicon words always get a whole-word
 * piece): whole words by frequency, then the most frequent word prefixes and "##" suffixes (length
 * ≥ 3, counted over every word), then every single character as start and continuation piece so
 * that any word of known characters has a segmentation. Deterministic: ties break alphabetically.
 */
export function learnTokenizer(corpus: readonly string[], lexicon: readonly string[], o: LearnOptions): Tokenizer {
  const words = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
  for (const text of corpus) for (const w of foldText(text).match(WORD_RE) ?? []) bump(words, w);
  const chars = new Set<string>("abcdefghijklmnopqrstuvwxyz0123456789.,;:()-/'%+#&".split(""));
  for (const w of words.keys()) for (const ch of w) chars.add(ch);
  const lexiconWords = new Set(lexicon.flatMap((p) => foldText(p).match(/[a-z0-9]+/g) ?? []));

  const byCount = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
  const vocab: string[] = [...SPECIAL_TOKENS];
  const seen = new Set<string>(vocab);
  const add = (p: string) => {
    if (!seen.has(p) && vocab.length < o.vocabSize) (seen.add(p), vocab.push(p));
  };
  const sortedChars = [...chars].sort();
  for (const ch of sortedChars) (add(ch), add(CONTINUATION + ch));
  for (const w of [...lexiconWords].sort()) add(w);
  for (const w of byCount(words)) if ((words.get(w) ?? 0) >= o.minWordCount) add(w);
  const pieces = new Map<string, number>();
  for (const [w, n] of words) {
    for (let k = 3; k < w.length; k++) (bump(pieces, w.slice(0, k), n), bump(pieces, CONTINUATION + w.slice(w.length - k), n));
  }
  for (const p of byCount(pieces)) add(p);
  return new Tokenizer({ format: "cxr-wordpiece-1", maxLength: o.maxLength, vocab });
}
