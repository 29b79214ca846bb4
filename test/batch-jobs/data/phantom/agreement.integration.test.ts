import { describe, expect, it } from "vitest";
import { agreementReport } from "../../../../batch-jobs/data/phantom/report/agreement.js";

describe("report ↔ label agreement with the platform's parser", () => {
  it("the parser reads the simulator's labels back for ≥ 98% of (sample, label) pairs", () => {
    const r = agreementReport(200, 50_000, 5);
    expect(r.n).toBe(200);
    expect(r.pairs).toBe(200 * 14);
    expect(r.agreement).toBeGreaterThanOrEqual(0.98);
    for (const value of Object.values(r.perLabel)) expect(value).toBeGreaterThanOrEqual(0.95);
  });
});
