/** r_diag on constructed classifier outputs: sign, range and the weight of each report status. */
import { describe, expect, it } from "vitest";
import { parseReport } from "../../../shared/report/parse.js";
import { CHEXPERT_LABELS } from "../../../shared/report/types.js";
import { diagnosticReward } from "../../../batch-jobs/rewards/diagnostic-reward.js";

const EFFUSION = CHEXPERT_LABELS.indexOf("Pleural Effusion");
const condition = (report: string) => parseReport(report).canonical.condition;
const row = (effusion: number, ap = 0.5) => ({ labels: CHEXPERT_LABELS.map((_, j) => (j === EFFUSION ? effusion : 0.05)), apProbability: ap, position: [1 / 3, 1 / 3, 1 / 3] });

describe("diagnosticReward", () => {
  it("a film the classifier sees an effusion on scores higher for an effusion report", () => {
    const report = condition("FINDINGS: Large right pleural effusion.");
    expect(diagnosticReward(row(0.95), report)).toBeGreaterThan(diagnosticReward(row(0.05), report));
  });
  it("the same film scores lower for a report that negates the effusion", () => {
    expect(diagnosticReward(row(0.95), condition("FINDINGS: No pleural effusion."))).toBeLessThan(diagnosticReward(row(0.95), condition("FINDINGS: Large right pleural effusion.")));
  });
  it("stays in [0, 1] at the extremes", () => {
    const report = condition("FINDINGS: Large right pleural effusion. No pneumothorax.");
    const perfect = { labels: CHEXPERT_LABELS.map((_, j) => (j === EFFUSION ? 1 : 0)), apProbability: 0.5, position: [1, 0, 0] };
    const opposite = { labels: CHEXPERT_LABELS.map((_, j) => (j === EFFUSION ? 0 : 1)), apProbability: 0.5, position: [0, 0, 1] };
    expect([diagnosticReward(perfect, report), diagnosticReward(opposite, report)]).toEqual([1, 0]);
  });
  it("a stated AP projection rewards a high P(AP)", () => {
    const report = condition("Portable AP view of the chest. FINDINGS: No pleural effusion.");
    expect(diagnosticReward(row(0.05, 0.9), report)).toBeGreaterThan(diagnosticReward(row(0.05, 0.1), report));
  });
  it("an uncertain finding counts half as much as a stated one", () => {
    const stated = condition("FINDINGS: Pleural effusion.");
    const hedged = condition("FINDINGS: Possible pleural effusion.");
    const gainStated = diagnosticReward(row(1), stated) - diagnosticReward(row(0), stated);
    const gainHedged = diagnosticReward(row(1), hedged) - diagnosticReward(row(0), hedged);
    expect(gainHedged).toBeLessThan(gainStated);
  });
});
