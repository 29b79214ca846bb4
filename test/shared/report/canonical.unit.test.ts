import { describe, expect, it } from "vitest";
import { canonicalize, parseReport } from "../../../shared/report/index.js";

const report = "FINDINGS: PA and lateral views. Small LEFT pleural effusion.\nNo pneumothorax.\n\nIMPRESSION: Small left effusion.";

describe("canonical form", () => {
  it("lower-cases, collapses whitespace and writes sections in a fixed order", () => {
    expect(canonicalize(report).text).toBe(
      "findings: pa and lateral views. small left pleural effusion. no pneumothorax.\nimpression: small left effusion.",
    );
  });

  it("is identical for reports differing in whitespace, case or section order", () => {
    const variants = [
      "  findings:pa and lateral views.   small left pleural effusion. no pneumothorax.\timpression: SMALL LEFT EFFUSION.",
      "IMPRESSION: Small left effusion.\n\nFINDINGS:\n PA and lateral views.\n Small left pleural effusion.\n No pneumothorax.",
    ];
    const expected = canonicalize(report);
    for (const v of variants) expect(canonicalize(v)).toEqual(expected);
  });

  it("is idempotent", () => {
    const once = canonicalize(report);
    expect(canonicalize(once.text)).toEqual(once);
  });

  it("carries the structured condition", () => {
    const { condition } = canonicalize(report);
    expect(condition.labels["Pleural Effusion"]).toBe(1);
    expect(condition.labels.Pneumothorax).toBe(0);
    expect(condition.labels["No Finding"]).toBeNull();
    expect(condition.laterality).toEqual({ "Pleural Effusion": "left" });
    expect(condition.severity).toEqual({ "Pleural Effusion": "small" });
    expect(condition.view).toEqual({ projection: "PA", lateral: true, portable: false, position: null, rotated: false, limitedInspiration: false });
    expect(JSON.parse(JSON.stringify(condition))).toEqual(condition);
  });

  it("differs when the findings differ", () => {
    expect(canonicalize("Small left effusion.").text).not.toBe(canonicalize("Small right effusion.").text);
    expect(canonicalize("Small left effusion.").condition).not.toEqual(canonicalize("Small right effusion.").condition);
  });

  it("is what parseReport returns", () => {
    expect(parseReport(report).canonical).toEqual(canonicalize(report));
  });

  it("writes headerless text first and drops empty sections", () => {
    expect(canonicalize("Portable chest.\nFINDINGS:\nIMPRESSION: Normal.").text).toBe("portable chest.\nimpression: normal.");
  });
});
