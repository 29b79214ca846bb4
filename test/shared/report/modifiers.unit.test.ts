import { describe, expect, it } from "vitest";
import { parseReport } from "../../../shared/report/index.js";

describe("laterality and severity", () => {
  it.each([
    ["Possible small left effusion.", "Pleural Effusion", "left", "small"],
    ["Moderate right pleural effusion.", "Pleural Effusion", "right", "moderate"],
    ["Small bilateral pleural effusions.", "Pleural Effusion", "bilateral", "small"],
    ["Trace left pleural effusion.", "Pleural Effusion", "left", "trace"],
    ["Large left pneumothorax.", "Pneumothorax", "left", "large"],
    ["Bibasilar atelectasis.", "Atelectasis", "bilateral", null],
    ["Mild cardiomegaly.", "Cardiomegaly", null, "mild"],
    ["The heart is moderately enlarged.", "Cardiomegaly", null, "moderate"],
    ["Severe pulmonary edema.", "Edema", null, "severe"],
    ["Effusion on the right is small.", "Pleural Effusion", "right", "small"],
  ] as const)("%s → %s %s %s", (text, label, laterality, severity) => {
    const obs = parseReport(text).observations[label];
    expect(obs.laterality).toBe(laterality);
    expect(obs.severity).toBe(severity);
  });

  it("merges sides of several positive mentions into bilateral and keeps the most severe amount", () => {
    const obs = parseReport("Small left pleural effusion. Moderate right pleural effusion.").observations["Pleural Effusion"];
    expect(obs.laterality).toBe("bilateral");
    expect(obs.severity).toBe("moderate");
  });

  it("ignores sides and amounts of negated mentions", () => {
    const obs = parseReport("No large right effusion. Small left effusion.").observations["Pleural Effusion"];
    expect(obs.laterality).toBe("left");
    expect(obs.severity).toBe("small");
  });

  it("reports nothing for findings that are not present", () => {
    const obs = parseReport("No left pneumothorax.").observations.Pneumothorax;
    expect(obs.status).toBe("negative");
    expect(obs.laterality).toBeNull();
    expect(obs.severity).toBeNull();
  });
});
