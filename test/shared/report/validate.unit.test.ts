import { describe, expect, it } from "vitest";
import { REPORT_MAX_CHARS, validateReport, type ReportErrorCode } from "../../../shared/report/index.js";

const codes = (input: unknown): ReportErrorCode[] => {
  const v = validateReport(input);
  return v.ok ? [] : v.errors.map((e) => e.code);
};

describe("validateReport", () => {
  it.each([
    "No acute cardiopulmonary process.",
    "Normal chest.",
    "PA and lateral views of the chest. Heart size is normal. Lungs are clear.",
    "FINDINGS: ET tube 4 cm above the carina. IMPRESSION: Lines and tubes as above.",
    "XXXX-year-old XXXX with XXXX. Comparison dated XXXX. No pneumothorax.",
  ])("accepts %s", (text) => {
    const v = validateReport(text);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.report.sections.length).toBeGreaterThan(0);
  });

  it.each([
    [undefined, "report_missing"],
    [null, "report_missing"],
    [42, "report_not_text"],
    [{ report: "x" }, "report_not_text"],
    [["Normal chest."], "report_not_text"],
    ["", "report_empty"],
    ["  \n\t ", "report_empty"],
    ["Normal chest.\u0000\u0000", "report_binary"],
    ["Lungs clear \ufffd\ufffd", "report_binary"],
    ["2 cups flour, 1 egg, a pinch of salt. Bake for 20 minutes.", "report_not_chest_radiograph"],
    ["Milk, eggs, bread, apples.", "report_not_chest_radiograph"],
  ] as const)("rejects %j with %s", (input, code) => {
    expect(codes(input)).toEqual([code]);
  });

  it("rejects text full of control characters as binary", () => {
    const noisy = "Lungs are clear." + "\u0001\u0002\u0003".repeat(10);
    expect(codes(noisy)).toContain("report_binary");
  });

  it("tolerates a stray control character in an otherwise normal report", () => {
    expect(codes(`${"Heart size is normal. Lungs are clear. ".repeat(5)}\u0007`)).toEqual([]);
  });

  it("states the limit when a report is too long", () => {
    const v = validateReport("Lungs are clear. ".repeat(REPORT_MAX_CHARS / 10));
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.errors.map((e) => e.code)).toEqual(["report_too_long"]);
      expect(v.errors[0]!.message).toContain(String(REPORT_MAX_CHARS));
    }
  });

  it("lists every problem found", () => {
    expect(codes("Call Dr. Smith at 555-123-4567 \u0000")).toEqual(["report_binary", "report_not_chest_radiograph", "report_contains_phi"]);
  });

  it("gives every error a human message", () => {
    for (const input of [undefined, 3, "", "\u0000", "shopping list", "x".repeat(REPORT_MAX_CHARS + 1)]) {
      const v = validateReport(input);
      expect(v.ok).toBe(false);
      if (!v.ok) for (const e of v.errors) expect(e.message.length).toBeGreaterThan(20);
    }
  });
});
