/** Bootstrap intervals: reproducible, close to the normal-theory interval of a mean, grouped by report. */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../shared/random.js";
import { bootstrapCi, meanAt, quantile } from "../../../shared/metrics/bootstrap.js";

const rng = createRng(3);
const values = Array.from({ length: 400 }, () => rng.normal());
const sd = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length - (values.reduce((s, v) => s + v, 0) / values.length) ** 2);

describe("bootstrapCi", () => {
  it("the 95 % interval of a mean is within 10 % of ±1.96·sd/√n", () => {
    const ci = bootstrapCi(values.length, meanAt(values), { resamples: 2000 });
    expect((ci.hi - ci.lo) / (2 * 1.96 * sd / Math.sqrt(values.length))).toBeGreaterThan(0.9);
    expect((ci.hi - ci.lo) / (2 * 1.96 * sd / Math.sqrt(values.length))).toBeLessThan(1.1);
  });
  it("the same seed gives the same interval", () => {
    expect(bootstrapCi(50, meanAt(values), { seed: 9 })).toEqual(bootstrapCi(50, meanAt(values), { seed: 9 }));
  });
  it("resampling whole reports widens the interval when a report's samples are copies", () => {
    const copies = values.slice(0, 100).flatMap((v) => [v, v, v, v]);
    const groups = copies.map((_, i) => Math.floor(i / 4));
    const naive = bootstrapCi(copies.length, meanAt(copies));
    const grouped = bootstrapCi(copies.length, meanAt(copies), { groups });
    expect(grouped.hi - grouped.lo).toBeGreaterThan(1.6 * (naive.hi - naive.lo));
  });
  it("quantile interpolates linearly like numpy", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});
