import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PHANTOM_FINDINGS, phantomConfig, simulate } from "../../../../batch-jobs/data/phantom/index.js";
import { CHEXPERT_LABELS } from "../../../../shared/report/types.js";

const range = (lo: number, hi: number) =>
  fc.tuple(fc.double({ min: lo, max: hi, noNaN: true }), fc.double({ min: lo, max: hi, noNaN: true })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);

describe("simulate over random valid configs", () => {
  it("always returns a well-formed, consistent sample", () => {
    fc.assert(
      fc.property(
        fc.record({
          size: fc.integer({ min: 64, max: 96 }),
          seed: fc.integer({ min: 0, max: 0xffffffff }),
          sx: range(0.6, 1.4),
          theta: range(-0.5, 0.5),
          tx: range(-0.25, 0.25),
          prevalence: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 13, maxLength: 13 }),
          normalRate: fc.double({ min: 0, max: 1, noNaN: true }),
          uncertainRate: fc.double({ min: 0, max: 1, noNaN: true }),
          ap: fc.double({ min: 0, max: 5, noNaN: true }),
        }),
        (r) => {
          const config = phantomConfig({
            size: r.size,
            views: { PA: 1, AP: r.ap },
            posture: { sx: r.sx, sy: r.sx, theta: r.theta, tx: r.tx },
            findings: {
              normalRate: r.normalRate,
              uncertainRate: r.uncertainRate,
              prevalence: Object.fromEntries(PHANTOM_FINDINGS.map((f, i) => [f, r.prevalence[i]!])),
            },
          });
          const s = simulate(config, r.seed);
          expect(s.pixels.length).toBe(r.size * r.size);
          let min = 65535, max = 0;
          for (const p of s.pixels) {
            if (p < min) min = p;
            if (p > max) max = p;
          }
          expect(max - min).toBeGreaterThan(10000); // an image, not a flat field
          expect(s.report).toMatch(/FINDINGS: .+/);
          expect(s.report).toMatch(/IMPRESSION: .+/);
          const pathology = CHEXPERT_LABELS.some((l) => l !== "No Finding" && l !== "Support Devices" && (s.truth.labels[l] === 1 || s.truth.labels[l] === -1));
          expect(s.truth.labels["No Finding"]).toBe(pathology ? null : 1);
          const p = s.truth.posture;
          expect(p.sx).toBeGreaterThanOrEqual(r.sx[0] - 1e-6);
          expect(p.sx).toBeLessThanOrEqual(r.sx[1] + 1e-6);
          expect(p.theta).toBeGreaterThanOrEqual(r.theta[0] - 1e-6);
          expect(p.theta).toBeLessThanOrEqual(r.theta[1] + 1e-6);
        },
      ),
      { numRuns: 25, seed: 20261128 },
    );
  });
});
