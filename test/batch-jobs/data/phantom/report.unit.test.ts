import { describe, expect, it } from "vitest";
import { phantomConfig, simulate } from "../../../../batch-jobs/data/phantom/index.js";
import { CHEXPERT_LABELS } from "../../../../shared/report/types.js";

const config = phantomConfig({ size: 64, supersample: 1 });
const samples = Array.from({ length: 150 }, (_, i) => simulate(config, 1000 + i));

describe("report writer", () => {
  it("always writes FINDINGS and IMPRESSION, and a view statement", () => {
    for (const s of samples) {
      expect(s.report).toMatch(/^FINDINGS: /m);
      expect(s.report).toMatch(/^IMPRESSION: /m);
      expect(s.report).toMatch(s.truth.projection === "PA" ? /\bPA\b/ : /\bAP\b/);
      if (s.truth.position === "supine") expect(s.report.toLowerCase()).toContain("supine");
    }
  });

  it("writes optional sections sometimes, and varies the wording", () => {
    expect(samples.some((s) => s.report.includes("INDICATION:"))).toBe(true);
    expect(samples.some((s) => s.report.includes("COMPARISON:"))).toBe(true);
    expect(samples.some((s) => s.report.includes("TECHNIQUE:"))).toBe(true);
    expect(samples.some((s) => !s.report.includes("INDICATION:"))).toBe(true);
    expect(new Set(samples.map((s) => s.report)).size).toBe(samples.length);
  });

  it("normal films read 'No acute cardiopulmonary …' style impressions and have No Finding = 1", () => {
    const normal = samples.filter((s) => s.truth.labels["No Finding"] === 1);
    expect(normal.length).toBeGreaterThan(10);
    for (const s of normal) expect(s.report).toMatch(/IMPRESSION: (1\. )?No acute (cardiopulmonary|intrathoracic)/);
  });

  it("labels state exactly what was drawn: drawn ⇔ 1 or −1; −1 only with hedged language", () => {
    for (const s of samples) {
      const drawn = new Set(String(s.truth.details.drawn).split(",").filter(Boolean).map((d) => d.replace(/\?$/, "")));
      for (const label of CHEXPERT_LABELS) {
        if (label === "No Finding" || label === "Lung Opacity") continue; // Lung Opacity may be stated for other drawn opacities
        const v = s.truth.labels[label];
        expect(drawn.has(label), `${label} in seed ${s.seed}`).toBe(v === 1 || v === -1);
      }
      if (Object.values(s.truth.labels).includes(-1)) expect(s.report).toMatch(/possible|cannot be excluded|may represent|borderline|questionable/i);
    }
  });

  it("uses laterality and size words for effusions and pneumothoraces", () => {
    for (const s of samples) {
      for (const label of ["Pleural Effusion", "Pneumothorax"] as const) {
        if (s.truth.labels[label] !== 1) continue;
        expect(s.report.toLowerCase()).toContain(s.truth.laterality[label]!);
        expect(s.report.toLowerCase()).toContain(s.truth.severity[label]!);
      }
    }
  });

  it("never contains PHI-like text: no dates, long numbers or names; only ___ / XXXX placeholders", () => {
    for (const s of samples) {
      expect(s.report).not.toMatch(/\d{3,}/);
      expect(s.report).not.toMatch(/\d{1,2}\/\d{1,2}/);
      expect(s.report).not.toMatch(/\b(Dr|Mr|Mrs|Ms)\.? [A-Z]/);
    }
    expect(samples.some((s) => /___|XXXX/.test(s.report))).toBe(true);
  });
});

describe("report config knobs", () => {
  const many = (overrides: Parameters<typeof phantomConfig>[0]) =>
    Array.from({ length: 40 }, (_, i) => simulate(phantomConfig({ size: 64, supersample: 1, ...overrides }), 2000 + i));

  it("negationRate 0 never negates; 1 negates absent findings often", () => {
    for (const s of many({ report: { negationRate: 0 } })) expect(Object.values(s.truth.labels)).not.toContain(0);
    const zeros = many({ report: { negationRate: 1 } }).map((s) => Object.values(s.truth.labels).filter((v) => v === 0).length);
    expect(zeros.reduce((a, b) => a + b, 0) / zeros.length).toBeGreaterThan(3);
  });

  it("uncertainRate 1 makes every drawn pathology uncertain (−1, hedged); devices stay certain", () => {
    for (const s of many({ findings: { uncertainRate: 1 } })) {
      for (const [label, v] of Object.entries(s.truth.labels)) {
        if (label === "No Finding" || label === "Support Devices" || label === "Enlarged Cardiomediastinum" || label === "Pleural Other" || label === "Lung Opacity") continue;
        expect(v === 1, `${label} in ${s.seed}`).toBe(false);
      }
    }
  });

  it("normalRate 1 gives only normal films (support devices allowed)", () => {
    for (const s of many({ findings: { normalRate: 1 } })) {
      expect(s.truth.labels["No Finding"]).toBe(1);
      expect(s.report).toMatch(/IMPRESSION: (1\. )?No acute/);
    }
  });
});
