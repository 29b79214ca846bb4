/** FID against pytorch-fid's formula with scipy.linalg.sqrtm, and against closed forms. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fid, frechetDistance, gaussianOf } from "../../../shared/metrics/fid.js";
import { sqrtSymmetricPsd, symmetricEigen } from "../../../shared/metrics/symmetric-eigen.js";

interface Case { name: string; dim: number; a: number[]; countA: number; b: number[]; countB: number; fid: number }
const cases: Case[] = JSON.parse(readFileSync(new URL("./fixtures/fid.json", import.meta.url), "utf8")).cases;

const diagonal = (values: number[]) => {
  const n = values.length;
  const m = new Float64Array(n * n);
  values.forEach((v, i) => (m[i * n + i] = v));
  return m;
};

describe("fid vs scipy.linalg.sqrtm (pytorch-fid formula)", () => {
  it.each(cases)("$name", (c) => {
    const value = fid(c.a, c.countA, c.b, c.countB, c.dim);
    expect(Math.abs(value - c.fid) / c.fid).toBeLessThan(1e-9);
  });
});

describe("closed forms", () => {
  it("two Gaussians with diagonal covariances: ‖Δμ‖² + Σ(σ₁ + σ₂ − 2√(σ₁σ₂))", () => {
    const p = { dim: 3, mean: Float64Array.from([0, 1, 2]), covariance: diagonal([1, 4, 9]) };
    const q = { dim: 3, mean: Float64Array.from([1, 1, 0]), covariance: diagonal([4, 1, 1]) };
    const expected = 1 + 0 + 4 + (1 + 4 - 4) + (4 + 1 - 4) + (9 + 1 - 6);
    expect(frechetDistance(p, q)).toBeCloseTo(expected, 12);
  });
  it("a Gaussian against itself is 0", () => {
    const g = gaussianOf(cases[1]!.a, cases[1]!.countA, cases[1]!.dim);
    expect(Math.abs(frechetDistance(g, g))).toBeLessThan(1e-9);
  });
  it("the symmetric square root squares back to the matrix", () => {
    const a = [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2];
    const s = sqrtSymmetricPsd(a, 3);
    const back = Array.from({ length: 9 }, (_, k) => [0, 1, 2].reduce((acc, j) => acc + s[Math.floor(k / 3) * 3 + j]! * s[j * 3 + (k % 3)]!, 0));
    back.forEach((v, k) => expect(v).toBeCloseTo(a[k]!, 12));
  });
  it("eigenvalues of a known 2×2 matrix [[2,1],[1,2]] are 1 and 3", () => {
    expect(Array.from(symmetricEigen([2, 1, 1, 2], 2).values).sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
  });
});
