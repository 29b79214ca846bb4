/** AUROC and AP against scikit-learn on fixed inputs with ties (fixtures/make_fixtures.py). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { auroc, averagePrecision } from "../../../shared/metrics/ranking.js";

interface Case { name: string; scores: number[]; labels: number[]; auroc: number; ap: number }
const cases: Case[] = JSON.parse(readFileSync(new URL("./fixtures/ranking.json", import.meta.url), "utf8")).cases;

describe("auroc vs sklearn.metrics.roc_auc_score", () => {
  it.each(cases)("$name", (c) => {
    expect(auroc(c.scores, c.labels)).toBeCloseTo(c.auroc, 12);
  });
});

describe("averagePrecision vs sklearn.metrics.average_precision_score", () => {
  it.each(cases)("$name", (c) => {
    expect(averagePrecision(c.scores, c.labels)).toBeCloseTo(c.ap, 12);
  });
});

describe("closed forms", () => {
  it("a perfect ranking has AUROC 1 and AP 1", () => {
    expect([auroc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), averagePrecision([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])]).toEqual([1, 1]);
  });
  it("all scores tied gives AUROC 0.5 and AP = prevalence", () => {
    expect([auroc([3, 3, 3, 3], [1, 0, 0, 0]), averagePrecision([3, 3, 3, 3], [1, 0, 0, 0])]).toEqual([0.5, 0.25]);
  });
  it("one class only is undefined (NaN), not 0.5", () => {
    expect(auroc([0.1, 0.4], [1, 1])).toBeNaN();
  });
  it("labels other than 0 / 1 are refused", () => {
    expect(() => auroc([0.1, 0.4], [1, -1])).toThrow(/labels must be 0 or 1/);
  });
});
