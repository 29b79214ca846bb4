/** Posture error: weighted L1 distance to the target posture. */
import { describe, expect, it } from "vitest";
import { postureError, postureMae, IDENTITY } from "../../../shared/metrics/posture-error.js";

describe("postureError", () => {
  it("is 0 at the identity", () => {
    expect(postureError(IDENTITY)).toBe(0);
  });
  it("adds |Δs| + |Δt| + |Δθ| with unit weights", () => {
    expect(postureError({ sx: 1.1, sy: 0.9, tx: 0.05, ty: -0.05, theta: -0.2 })).toBeCloseTo(0.5, 12);
  });
  it("weights each group", () => {
    expect(postureError({ sx: 1, sy: 1, tx: 0, ty: 0, theta: 0.1 }, IDENTITY, { scale: 1, translation: 1, rotation: 3 })).toBeCloseTo(0.3, 12);
  });
  it("postureMae averages absolute errors per parameter", () => {
    expect(postureMae([{ ...IDENTITY, theta: 0.2 }, { ...IDENTITY, theta: -0.1 }], [IDENTITY, IDENTITY]).theta).toBeCloseTo(0.15, 12);
  });
});
