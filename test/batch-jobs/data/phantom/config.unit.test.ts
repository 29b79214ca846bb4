import { describe, expect, it } from "vitest";
import { phantomConfig, PhantomConfigError } from "../../../../batch-jobs/data/phantom/index.js";

describe("phantomConfig", () => {
  it("fills every default and keeps overrides, deeply", () => {
    const c = phantomConfig({ size: 64, posture: { theta: [-0.1, 0.1] }, findings: { prevalence: { Edema: 0.5 } } });
    expect(c.size).toBe(64);
    expect(c.posture.theta).toEqual([-0.1, 0.1]);
    expect(c.posture.sx).toEqual([0.92, 1.08]);
    expect(c.findings.prevalence.Edema).toBe(0.5);
    expect(c.findings.prevalence.Cardiomegaly).toBeGreaterThan(0);
    expect(c.views.lateral).toBe(0);
  });

  it("rejects bad input with a stable code and one line per problem naming the field", () => {
    let err: unknown;
    try {
      phantomConfig({ size: 1000, posture: { tx: [0.1, -0.1] }, views: { lateral: 1 }, findings: { normalRate: 2 } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PhantomConfigError);
    const e = err as PhantomConfigError;
    expect(e.code).toBe("phantom_config_invalid");
    expect(e.issues.some((i) => i.startsWith("size:") && i.includes("512"))).toBe(true);
    expect(e.issues.some((i) => i.startsWith("posture.tx:") && i.includes("lo <= hi"))).toBe(true);
    expect(e.issues.some((i) => i.startsWith("views.lateral:") && i.includes("not implemented"))).toBe(true);
    expect(e.issues.some((i) => i.startsWith("findings.normalRate:"))).toBe(true);
    expect(e.message).toContain("Invalid phantom configuration");
  });

  it("rejects unknown keys (typos fail early)", () => {
    expect(() => phantomConfig({ sise: 128 } as never)).toThrow(/Unrecognized key/);
    expect(() => phantomConfig({ findings: { prevalence: { Pneumonnia: 0.1 } } } as never)).toThrow(PhantomConfigError);
  });

  it("rejects sizes below 64 and a film with neither PA nor AP", () => {
    expect(() => phantomConfig({ size: 32 })).toThrow(/size/);
    expect(() => phantomConfig({ views: { PA: 0, AP: 0 } })).toThrow(/at least one of PA \/ AP/);
  });
});
