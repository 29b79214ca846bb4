/** The report tokenizer on radiologists' phrasing (generator/tokenizer.ts). */
import { describe, expect, it } from "vitest";
import { learnTokenizer, PAD_ID, UNK_ID } from "../../../batch-jobs/generator/tokenizer.js";
import { radiologyLexicon } from "../../../batch-jobs/generator/tokenizer-corpus.js";

const corpus = [
  "findings: small left pleural effusion. no pneumothorax. impression: small left effusion.",
  "findings: the heart is enlarged. lungs are clear. impression: cardiomegaly.",
  "findings: moderate right pneumothorax. impression: right pneumothorax.",
];
const tok = learnTokenizer(corpus, radiologyLexicon(), { maxLength: 64, vocabSize: 3000, minWordCount: 1 });

describe("Tokenizer", () => {
  it("folds case and whitespace", () => {
    expect(tok.encode("FINDINGS:   Small LEFT\n effusion").ids).toEqual(tok.encode("findings: small left effusion").ids);
  });

  it("gives known words one piece each and pads to maxLength", () => {
    const e = tok.encode("small left pleural effusion");
    expect(e.ids.length).toBe(64);
    expect(e.mask.filter(Boolean).length).toBe(4);
    expect(e.ids.slice(4).every((id) => id === PAD_ID)).toBe(true);
  });

  it("splits words it never saw into known pieces instead of [UNK] (radiologists' phrasing)", () => {
    const e = tok.encode("Hyperinflated lungs with bibasilar opacities, likely atelectasis.");
    const real = e.ids.filter((_, i) => e.mask[i]);
    expect(real).not.toContain(UNK_ID);
    expect(tok.decode(real)).toBe("hyperinflated lungs with bibasilar opacities , likely atelectasis .");
  });

  it("maps a word with an unknown character to one [UNK]", () => {
    const e = tok.encode("effusion ∆ noted");
    expect(e.ids.filter((_, i) => e.mask[i])).toContain(UNK_ID);
  });

  it("cuts reports longer than maxLength and says how many pieces were dropped", () => {
    const e = tok.encode(Array(80).fill("effusion").join(" "));
    expect(e.mask.every(Boolean)).toBe(true);
    expect(e.truncated).toBe(16);
  });

  it("learns the same vocabulary from the same corpus (deterministic)", () => {
    const again = learnTokenizer(corpus, radiologyLexicon(), { maxLength: 64, vocabSize: 3000, minWordCount: 1 });
    expect(again.json.vocab).toEqual(tok.json.vocab);
  });
});
