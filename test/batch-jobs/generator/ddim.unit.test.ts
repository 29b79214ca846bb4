/** The DDIM step and its log-probability against their closed forms (generator/ddim.ts). */
import { describe, expect, it } from "vitest";
import { ddimLogProb, ddimSigma, ddimStep } from "../../../batch-jobs/generator/ddim.js";

const xt = Float32Array.from([0.3, -0.2, 0.9, -1.4]);
const v = Float32Array.from([0.1, 0.5, -0.3, 0.2]);
const [aT, aP] = [0.5, 0.8];

describe("ddimStep", () => {
  it("σ follows η·√((1−ᾱ_p)/(1−ᾱ_t))·√(1−ᾱ_t/ᾱ_p)", () => {
    expect(ddimSigma(aT, aP, 1)).toBeCloseTo(Math.sqrt((0.2 / 0.5) * (1 - 0.5 / 0.8)), 12);
    expect(ddimSigma(aT, aP, 0)).toBe(0);
  });

  it("the mean is √ᾱ_p x̂₀ + √(1−ᾱ_p−σ²) ε̂ with x̂₀ = √ᾱ_t x_t − √(1−ᾱ_t) v clipped to [−1, 1]", () => {
    const eta = 0.7;
    const sigma = ddimSigma(aT, aP, eta);
    const out = ddimStep({ xt, v, alphaBarT: aT, alphaBarPrev: aP, eta, noise: new Float32Array(4) });
    xt.forEach((x, i) => {
      const x0 = Math.min(1, Math.max(-1, Math.sqrt(aT) * x - Math.sqrt(1 - aT) * v[i]!));
      const eps = (x - Math.sqrt(aT) * x0) / Math.sqrt(1 - aT);
      expect(out.x0[i]).toBeCloseTo(x0, 6);
      expect(out.mean[i]).toBeCloseTo(Math.sqrt(aP) * x0 + Math.sqrt(1 - aP - sigma * sigma) * eps, 6);
    });
  });

  it("adds σ·z to the mean", () => {
    const noise = Float32Array.from([1, -2, 0.5, 0]);
    const out = ddimStep({ xt, v, alphaBarT: aT, alphaBarPrev: aP, eta: 1, noise });
    out.prev.forEach((p, i) => expect(p).toBeCloseTo(out.mean[i]! + out.sigma * noise[i]!, 6));
  });

  it("η = 0 is deterministic: x_{t−1} is the mean and has no log-probability", () => {
    const out = ddimStep({ xt, v, alphaBarT: aT, alphaBarPrev: aP, eta: 0 });
    expect(Array.from(out.prev)).toEqual(Array.from(out.mean));
    expect(ddimLogProb(out.prev, out.mean, out.sigma)).toBeNull();
  });

  it("refuses η > 0 without one noise value per pixel", () => {
    expect(() => ddimStep({ xt, v, alphaBarT: aT, alphaBarPrev: aP, eta: 1 })).toThrow(/noise/);
  });
});

describe("ddimLogProb", () => {
  it("is the Gaussian log-density averaged over pixels", () => {
    const prev = Float32Array.from([0.1, -0.3, 0.7]);
    const mean = Float32Array.from([0, 0, 1]);
    const sigma = 0.4;
    const expected = [0.1, -0.3, -0.3].reduce((s, d) => s + (-(d * d) / (2 * sigma * sigma) - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI)), 0) / 3;
    expect(ddimLogProb(prev, mean, sigma)).toBeCloseTo(expected, 6);
  });

  it("does not grow with the image size (mean, not sum)", () => {
    const small = ddimLogProb(new Float32Array(4).fill(0.2), new Float32Array(4), 0.5)!;
    const large = ddimLogProb(new Float32Array(4096).fill(0.2), new Float32Array(4096), 0.5)!;
    expect(large).toBeCloseTo(small, 6);
  });
});
