import { describe, expect, it } from "vitest";
import { parseReport } from "../../../shared/report/index.js";

const slice = (text: string, span: { start: number; end: number } | null) => (span === null ? null : text.slice(span.start, span.end));

describe("sections", () => {
  it("splits MIMIC-style headers on their own lines, with spans into the input", () => {
    const text = "EXAMINATION: CHEST (PA AND LAT)\n\nINDICATION: ___M with cough\n\nFINDINGS:\n  No effusion.\n\nIMPRESSION: No acute process.\n";
    const sections = parseReport(text).sections;
    expect(sections.map((s) => s.name)).toEqual(["examination", "indication", "findings", "impression"]);
    expect(sections.map((s) => slice(text, s.header))).toEqual(["EXAMINATION:", "INDICATION:", "FINDINGS:", "IMPRESSION:"]);
    expect(sections.map((s) => slice(text, s.content))).toEqual(["CHEST (PA AND LAT)", "___M with cough", "No effusion.", "No acute process."]);
  });

  it("finds headers in flattened text and maps synonyms", () => {
    const text = "Clinical history: cough. Comparison: none. Findings: clear lungs. Conclusion: normal.";
    expect(parseReport(text).sections.map((s) => s.name)).toEqual(["history", "comparison", "findings", "impression"]);
  });

  it("treats a report without headers as one body section", () => {
    const text = "  Lungs are clear. No effusion.  ";
    const [section, ...rest] = parseReport(text).sections;
    expect(rest).toEqual([]);
    expect(section?.name).toBe("body");
    expect(section?.header).toBeNull();
    expect(slice(text, section!.content)).toBe("Lungs are clear. No effusion.");
  });

  it("keeps text before the first header as body", () => {
    const sections = parseReport("Portable chest. FINDINGS: Clear lungs.").sections;
    expect(sections.map((s) => s.name)).toEqual(["body", "findings"]);
  });

  it("accepts generic header words only after punctuation", () => {
    expect(parseReport("Comparison study: none.").sections.map((s) => s.name)).toEqual(["comparison"]);
    expect(parseReport("Study: chest radiograph.").sections.map((s) => s.name)).toEqual(["examination"]);
  });

  it("keeps an empty section (header without content)", () => {
    const sections = parseReport("FINDINGS:\nIMPRESSION: Normal chest.").sections;
    expect(sections.map((s) => [s.name, s.content.end - s.content.start === 0])).toEqual([
      ["findings", true],
      ["impression", false],
    ]);
  });
});
