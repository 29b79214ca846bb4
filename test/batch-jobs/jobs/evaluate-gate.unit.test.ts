/** The promotion gate's rule: every judged figure at least production's, FID within the tolerance. */
import { describe, expect, it } from "vitest";
import { gateChecks } from "../../../batch-jobs/jobs/evaluate-gate.js";
import type { EvaluationSummary } from "../../../batch-jobs/rewards/evaluate-films.js";

const at = (estimate: number) => ({ estimate, lo: estimate, hi: estimate });
const summary = (o: { posture: number; auroc: number; clip: number | null; fid: number }): EvaluationSummary => ({
  images: 8, reports: 4, postureError: at(o.posture), postureMae: null, postureSpread: {}, auroc: [], meanAuroc: at(o.auroc),
  clipScore: o.clip === null ? null : at(o.clip), fid: at(o.fid), msSsimDiversity: null, rewards: null,
});
const production = summary({ posture: 0.15, auroc: 0.6, clip: 0.3, fid: 100 });
const passes = (c: EvaluationSummary, tolerance?: number) => gateChecks(c, production, tolerance).every((k) => k.pass);

describe("promotion gate", () => {
  it("accepts a candidate better on every judged figure", () => {
    expect(passes(summary({ posture: 0.1, auroc: 0.7, clip: 0.35, fid: 98 }))).toBe(true);
  });

  it("refuses a candidate worse on any one judged figure", () => {
    expect(passes(summary({ posture: 0.16, auroc: 0.7, clip: 0.35, fid: 98 }))).toBe(false);
    expect(passes(summary({ posture: 0.1, auroc: 0.59, clip: 0.35, fid: 98 }))).toBe(false);
    expect(passes(summary({ posture: 0.1, auroc: 0.7, clip: 0.29, fid: 98 }))).toBe(false);
  });

  it("allows FID up to the tolerance above production, and no more", () => {
    expect(passes(summary({ posture: 0.1, auroc: 0.7, clip: 0.35, fid: 104.9 }))).toBe(true);
    expect(passes(summary({ posture: 0.1, auroc: 0.7, clip: 0.35, fid: 105.1 }))).toBe(false);
    expect(passes(summary({ posture: 0.1, auroc: 0.7, clip: 0.35, fid: 101 }), 0)).toBe(false);
  });

  it("does not block on a figure no judge measured", () => {
    const checks = gateChecks(summary({ posture: 0.1, auroc: 0.7, clip: null, fid: 98 }), production);
    expect(checks.find((c) => c.figure.startsWith("CLIP"))).toMatchObject({ candidate: null, pass: true });
  });
});
