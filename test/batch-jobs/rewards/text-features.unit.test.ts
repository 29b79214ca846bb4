/** The dual encoder's text features: negation scope and normalisation. */
import { describe, expect, it } from "vitest";
import { scopedTokens, textFeatures } from "../../../batch-jobs/rewards/text-features.js";

describe("scopedTokens", () => {
  it("marks words after a negation cue in the same sentence", () => {
    expect(scopedTokens("No pleural effusion. Cardiomegaly.")).toEqual(["!no", "!pleural", "!effusion", "|", "cardiomegaly", "|", "|"]);
  });
  it("marks hedged words with ?", () => {
    expect(scopedTokens("Possible pneumonia")).toEqual(["?possible", "?pneumonia", "|"]);
  });
  it("ends a negation at 'but'", () => {
    expect(scopedTokens("no edema but effusion")).toEqual(["!no", "!edema", "but", "effusion", "|"]);
  });
});

describe("textFeatures", () => {
  it("is a unit vector", () => {
    const f = textFeatures("FINDINGS: Small left pleural effusion.", 512);
    expect(f.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 6);
  });
  it("a negated and an affirmed finding share few features", () => {
    const a = textFeatures("pleural effusion", 4096);
    const b = textFeatures("no pleural effusion", 4096);
    expect(a.reduce((s, v, i) => s + v * b[i]!, 0)).toBeLessThan(0.2);
  });
});
