import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalize, parseReport, type ParsedReport, type Span } from "../../../shared/report/index.js";

const SENTENCES = [
  "PA and lateral views of the chest.",
  "Portable semi-upright AP view.",
  "Heart size is normal.",
  "Mild cardiomegaly.",
  "The cardiomediastinal silhouette is within normal limits.",
  "Lungs are clear.",
  "No focal airspace disease, pleural effusion, or pneumothorax.",
  "Possible small left effusion.",
  "Moderate right pleural effusion, larger than before.",
  "Patchy opacity in the right lower lobe may represent pneumonia.",
  "Cannot exclude early pneumonia.",
  "Costophrenic angles are sharp.",
  "ET tube terminates 4 cm above the carina.",
  "Resolved pneumothorax.",
  "Atelectasis vs pneumonia at the left base.",
  "Calcified granuloma in the left upper lobe.",
  "Old healed right rib fractures.",
  "XXXX-year-old XXXX with XXXX.",
  "Dr. ___ was notified at 5:30 p.m.",
  "1. No acute cardiopulmonary process. 2. Stable cardiomegaly.",
  "- Low lung volumes\n- bibasilar atelectasis",
];
const HEADERS = ["FINDINGS", "IMPRESSION", "INDICATION", "COMPARISON", "TECHNIQUE", "HISTORY", "EXAMINATION", "RECOMMENDATION"];
const WHITESPACE = [" ", "  ", "\n", "\n\n", "\t", "\r\n", " \n "];

/** A report as distinct headed sections (distinct headers, so reordering cannot merge them). */
const sectionsArb = fc
  .shuffledSubarray(HEADERS, { minLength: 1, maxLength: 5 })
  .chain((headers) =>
    fc.tuple(...headers.map((h) => fc.array(fc.constantFrom(...SENTENCES), { minLength: 1, maxLength: 4 }).map((body) => [h, body] as const))),
  );
const render = (sections: ReadonlyArray<readonly [string, readonly string[]]>) =>
  sections.map(([h, body]) => `${h}:\n${body.join(" ")}`).join("\n\n");

/** Strings built from report-ish tokens, header words, punctuation and odd Unicode. */
const tokenSoupArb = fc
  .array(
    fc.constantFrom("findings", "IMPRESSION", ":", " ", "\n", "study", ".", ",", ";", "no", "effusion", "PA", "left", "possible", "heart size", "normal", "İ", "ß", "Σ", "\u0000", "\ufffd", "___", "XXXX", "-", "1."),
    { maxLength: 60 },
  )
  .map((t) => t.join(""));

const anyStringArb = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc.string({ maxLength: 300 }),
  tokenSoupArb,
);

function allSpans(p: ParsedReport): Span[] {
  const spans: Span[] = [];
  for (const s of p.sections) {
    spans.push(s.content);
    if (s.header !== null) spans.push(s.header);
  }
  for (const obs of Object.values(p.observations)) {
    for (const m of obs.mentions) {
      spans.push(m.span);
      if (m.cue !== null) spans.push(m.cue);
    }
  }
  return [...spans, ...p.view.evidence];
}

describe("parseReport properties", () => {
  it("never throws and keeps every span inside the input", () => {
    fc.assert(
      fc.property(fc.oneof(anyStringArb, sectionsArb.map(render)), (text) => {
        const parsed = parseReport(text);
        for (const s of allSpans(parsed)) {
          expect(s.start).toBeGreaterThanOrEqual(0);
          expect(s.start).toBeLessThanOrEqual(s.end);
          expect(s.end).toBeLessThanOrEqual(text.length);
        }
        expect(JSON.parse(JSON.stringify(parsed))).toEqual(parsed);
      }),
      { numRuns: 400 },
    );
  });

  it("handles very long input", () => {
    const long = "No effusion. ".repeat(1500) + "\u0000".repeat(100) + "é".repeat(2000);
    expect(() => parseReport(long)).not.toThrow();
  });

  it("returns evidence spans whose text is the evidence, without surrounding whitespace", () => {
    fc.assert(
      fc.property(sectionsArb.map(render), (text) => {
        const parsed = parseReport(text);
        for (const obs of Object.values(parsed.observations)) {
          for (const m of obs.mentions) {
            const words = text.slice(m.span.start, m.span.end);
            expect(words.length).toBeGreaterThan(0);
            expect(words).toBe(words.trim());
            expect(/[a-z]/i.test(words)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("canonical form properties", () => {
  it("is idempotent on any string", () => {
    fc.assert(
      fc.property(fc.oneof(anyStringArb, sectionsArb.map(render)), (text) => {
        const once = canonicalize(text);
        expect(canonicalize(once.text)).toEqual(once);
      }),
      { numRuns: 400 },
    );
  });

  it("ignores whitespace changes", () => {
    fc.assert(
      fc.property(sectionsArb.map(render), fc.infiniteStream(fc.constantFrom(...WHITESPACE)), fc.constantFrom(...WHITESPACE), (text, ws, edge) => {
        const respaced = edge + text.replace(/\s+/g, () => ws.next().value) + edge;
        expect(canonicalize(respaced)).toEqual(canonicalize(text));
      }),
      { numRuns: 200 },
    );
  });

  it("ignores case changes", () => {
    fc.assert(
      fc.property(sectionsArb.map(render), fc.infiniteStream(fc.boolean()), (text, flips) => {
        const recased = [...text].map((ch) => (flips.next().value ? ch.toUpperCase() : ch.toLowerCase())).join("");
        expect(canonicalize(recased)).toEqual(canonicalize(text));
      }),
      { numRuns: 200 },
    );
  });

  it("ignores section order", () => {
    fc.assert(
      fc.property(sectionsArb.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length }))), ([sections, shuffled]) => {
        expect(canonicalize(render(shuffled))).toEqual(canonicalize(render(sections)));
      }),
      { numRuns: 200 },
    );
  });
});
