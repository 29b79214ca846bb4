/** r_align on constructed postures: 0 at the identity, negative and monotone away from it. */
import { describe, expect, it } from "vitest";
import { parseReport } from "../../../shared/report/parse.js";
import { postureReward, targetPosture } from "../../../batch-jobs/rewards/posture-reward.js";

const condition = parseReport("FINDINGS: No acute process.").canonical.condition;
const upright = { sx: 1, sy: 1, tx: 0, ty: 0, theta: 0 };

describe("postureReward", () => {
  it("is 0 for the canonical upright, centred posture", () => {
    expect(postureReward(upright, condition)).toBe(-0);
  });
  it("a rotated film scores worse than an upright one", () => {
    expect(postureReward({ ...upright, theta: 0.2 }, condition)).toBeLessThan(postureReward(upright, condition));
  });
  it("more rotation scores worse than less", () => {
    expect(postureReward({ ...upright, theta: -0.3 }, condition)).toBeLessThan(postureReward({ ...upright, theta: -0.1 }, condition));
  });
  it("a shifted and scaled film scores the weighted L1 distance, negated", () => {
    expect(postureReward({ sx: 1.1, sy: 1, tx: 0.05, ty: 0, theta: 0 }, condition)).toBeCloseTo(-0.15, 12);
  });
  it("targets the identity even when the report says the patient is rotated (ψ is in-plane)", () => {
    expect(targetPosture(parseReport("Patient is rotated. FINDINGS: No effusion.").canonical.condition)).toEqual(upright);
  });
});
