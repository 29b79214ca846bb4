import { describe, expect, it } from "vitest";
import { factDetails, requireFact } from "../../../../batch-jobs/data/phantom/render-facts.js";

describe("render facts", () => {
  it("flatten into truth.details keys in drawing order", () => {
    const details = factDetails({
      devices: ["endotracheal tube", "pacemaker"],
      ettTipAboveCarina: 0.1,
      pneumothoraxDepth: 0.03,
      effusionHeight: 0.08,
      lesion: { diameter: 0.04, u: 0.2, v: -0.1 },
      consolidationLobe: "upper",
    });
    expect(Object.entries(details)).toEqual([
      ["consolidation.lobe", "upper"],
      ["lesion.diameter", 0.04],
      ["lesion.u", 0.2],
      ["lesion.v", -0.1],
      ["effusion.height", 0.08],
      ["pneumothorax.depth", 0.03],
      ["device.ettTipAboveCarina", 0.1],
      ["devices", "endotracheal tube,pacemaker"],
    ]);
  });

  it("leave out what was not drawn", () => {
    expect(factDetails({})).toEqual({});
  });

  it("a missing fact a reader needs is an error naming it, not a default", () => {
    expect(() => requireFact(undefined, "lesion", "Lung Lesion sentence")).toThrow(/Lung Lesion sentence: the render recorded no lesion/);
  });
});
