import { describe, expect, it } from "vitest";
import { asModelInput } from "../../eval/generator/generate-set.js";
import { canonicalize } from "../../shared/report/index.js";

const unstated = canonicalize("Findings: Small left pleural effusion. Impression: Left effusion.");
const ap = canonicalize("Portable AP chest. Findings: Small left pleural effusion.");

describe("asModelInput (the --iu-view probe)", () => {
  it("reads an unstated projection as PA and leaves the text and findings alone", () => {
    expect(unstated.condition.view.projection).toBeNull();
    const probed = asModelInput(unstated, true);
    expect(probed.condition.view.projection).toBe("PA");
    expect(probed.text).toBe(unstated.text);
    expect(probed.condition.labels).toEqual(unstated.condition.labels);
    expect(unstated.condition.view.projection).toBeNull();
  });

  it("keeps a stated projection, and changes nothing unless asked", () => {
    expect(asModelInput(ap, true).condition.view.projection).toBe("AP");
    expect(asModelInput(unstated)).toBe(unstated);
  });
});
