/** SSIM against scikit-image and MS-SSIM against a scipy.ndimage composition (fixtures/make_fixtures.py). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { msSsim, msSsimScales, ssim } from "../../../shared/metrics/ms-ssim.js";

interface Case { name: string; width: number; height: number; scales: number; a: number[]; b: number[]; ssim_skimage: number; ms_ssim: number }
const cases: Case[] = JSON.parse(readFileSync(new URL("./fixtures/ssim.json", import.meta.url), "utf8")).cases;

describe("ssim vs skimage.metrics.structural_similarity", () => {
  it.each(cases)("$name", (c) => {
    expect(ssim(c.a, c.b, c.width, c.height, 2)).toBeCloseTo(c.ssim_skimage, 10);
  });
});

describe("msSsim vs the scipy composition", () => {
  it.each(cases)("$name", (c) => {
    expect(msSsim(c.a, c.b, c.width, c.height, 2, c.scales)).toBeCloseTo(c.ms_ssim, 10);
  });
});

describe("scales and identities", () => {
  it("64 px films use 3 scales, 128 px 4, 256 px all 5", () => {
    expect([msSsimScales(64), msSsimScales(128), msSsimScales(256)]).toEqual([3, 4, 5]);
  });
  it("an image against itself scores 1", () => {
    const c = cases[0]!;
    expect(msSsim(c.a, c.a, c.width, c.height)).toBeCloseTo(1, 12);
  });
});
