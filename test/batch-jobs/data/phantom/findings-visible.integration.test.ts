/**
 * Each finding changes the film where it should: same seed (same anatomy, posture, noise), with
 * and without the finding, identity posture, near-noiseless. Regions are in film coordinates.
 */
import { describe, expect, it } from "vitest";
import { simulate, type PhantomFinding } from "../../../../batch-jobs/data/phantom/index.js";
import { sampleAnatomy } from "../../../../batch-jobs/data/phantom/anatomy.js";
import { makeCanvas } from "../../../../batch-jobs/data/phantom/raster.js";
import { renderThorax, type PleuraState } from "../../../../batch-jobs/data/phantom/thorax.js";
import { createRng } from "../../../../shared/random.js";
import { regionMean, sideSign, withFinding } from "./helpers.js";

const size = 128;
const seeds = [1, 2, 3, 4];
const baseline = new Map(seeds.map((s) => [s, simulate(withFinding(null, size), s)]));
const film = (f: PhantomFinding, seed: number) => simulate(withFinding(f, size), seed);
/** Brightening of a box (film coords) relative to the same seed without the finding. */
const delta = (f: PhantomFinding, seed: number, box: [number, number, number, number]) => {
  const s = film(f, seed);
  return regionMean(s.pixels, size, ...box) - regionMean(baseline.get(seed)!.pixels, size, ...box);
};

describe("findings are visible where they belong", () => {
  it("pleural effusion brightens the lower lateral zone on its side only", () => {
    for (const seed of seeds) {
      const s = film("Pleural Effusion", seed);
      const side = s.truth.laterality["Pleural Effusion"];
      const box = (sg: number): [number, number, number, number] => [sg * 0.27, sg * 0.34, 0.17, 0.27];
      const d = (sg: number) => regionMean(s.pixels, size, ...box(sg)) - regionMean(baseline.get(seed)!.pixels, size, ...box(sg));
      if (side === "bilateral") {
        expect(d(-1)).toBeGreaterThan(0.01);
        expect(d(1)).toBeGreaterThan(0.01);
      } else {
        expect(d(sideSign(side))).toBeGreaterThan(0.01);
        expect(Math.abs(d(-sideSign(side)))).toBeLessThan(0.01);
      }
    }
  });

  it("pneumothorax darkens the periphery and removes lung markings beyond the pleural line", () => {
    for (const seed of seeds) {
      const s = film("Pneumothorax", seed);
      const sg = sideSign(s.truth.laterality.Pneumothorax);
      const box: [number, number, number, number] = [sg * 0.26, sg * 0.32, -0.28, -0.05];
      expect(regionMean(s.pixels, size, ...box) - regionMean(baseline.get(seed)!.pixels, size, ...box)).toBeLessThan(-0.02);
    }
    // Vessel visibility (the aerated-lung mask the vessels are multiplied by) is zero beyond the line.
    const an = sampleAnatomy(createRng(1), { ap: false, supine: false, inspirationRibs: 10, patientRotation: 0, ctr: 0.45, mediastinumScale: 1 });
    const c = makeCanvas(128);
    const none = (): PleuraState => ({ effusion: null, pneumothorax: null, thickening: 0 });
    const empty = new Float32Array(c.n * c.n);
    const normal = renderThorax(c, { anatomy: an, pleura: [none(), none()], fill: empty, airways: empty });
    const ptx = renderThorax(c, { anatomy: an, pleura: [{ ...none(), pneumothorax: { depth: 0.05, supine: false } }, none()], fill: empty, airways: empty });
    const at = (u: number, v: number) => Math.round((v - c.origin) / c.pitch) * c.n + Math.round((u - c.origin) / c.pitch);
    const periph = at(-(an.lungHalfWidth - 0.015), -0.1), central = at(-0.15, 0.0), otherSide = at(an.lungHalfWidth - 0.015, -0.1);
    expect(normal.aerated[periph]!).toBeGreaterThan(0.2);
    expect(ptx.aerated[periph]!).toBe(0);
    expect(ptx.aerated[central]!).toBeCloseTo(normal.aerated[central]!, 6);
    expect(ptx.aerated[otherSide]!).toBeCloseTo(normal.aerated[otherSide]!, 6);
  });

  it("cardiomegaly widens the heart (left heart border region brightens; CTR > 0.5)", () => {
    for (const seed of seeds) {
      const s = film("Cardiomegaly", seed);
      expect(Number(s.truth.details.ctr)).toBeGreaterThan(0.5);
      expect(Number(baseline.get(seed)!.truth.details.ctr)).toBeLessThan(0.5);
      expect(delta("Cardiomegaly", seed, [0.17, 0.25, 0.05, 0.18])).toBeGreaterThan(0.03);
    }
  });

  it("enlarged cardiomediastinum widens the upper mediastinum", () => {
    for (const seed of seeds) expect(delta("Enlarged Cardiomediastinum", seed, [0.05, 0.09, -0.25, -0.12])).toBeGreaterThan(0.05);
  });

  it("edema brightens both perihilar regions", () => {
    for (const seed of seeds) {
      expect(delta("Edema", seed, [-0.25, -0.1, -0.1, 0.1])).toBeGreaterThan(0.03);
      expect(delta("Edema", seed, [0.1, 0.25, -0.1, 0.1])).toBeGreaterThan(0.03);
    }
  });

  it("support devices add bright lines (pixels brighter than anything on the baseline film)", () => {
    for (const seed of seeds) {
      const s = film("Support Devices", seed);
      const max = Math.max(...baseline.get(seed)!.pixels);
      expect(s.pixels.filter((p) => p > max).length).toBeGreaterThan(5);
      expect(String(s.truth.details.devices).length).toBeGreaterThan(0);
    }
  });

  it("lung lesions brighten the film at the lesion", () => {
    for (const seed of seeds) {
      const s = film("Lung Lesion", seed);
      const u = Number(s.truth.details["lesion.u"]), v = Number(s.truth.details["lesion.v"]);
      const r = Number(s.truth.details["lesion.diameter"]) / 2;
      const box: [number, number, number, number] = [u - r / 2, u + r / 2, v - r / 2, v + r / 2];
      expect(regionMean(s.pixels, size, ...box) - regionMean(baseline.get(seed)!.pixels, size, ...box)).toBeGreaterThan(0.03);
    }
  });

  const oneSided: PhantomFinding[] = ["Consolidation", "Pneumonia", "Lung Opacity", "Atelectasis", "Pleural Other", "Fracture"];
  for (const f of oneSided) {
    it(`${f} changes its own side of the chest more than the other`, () => {
      for (const seed of seeds) {
        const s = film(f, seed);
        const b = baseline.get(seed)!;
        let right = 0, left = 0;
        for (let y = 0; y < size; y++) {
          for (let x = 0; x < size; x++) {
            const d = Math.abs(s.pixels[y * size + x]! - b.pixels[y * size + x]!) / 65535;
            if (x < size / 2) right += d;
            else left += d;
          }
        }
        const lat = s.truth.laterality[f];
        expect(right + left).toBeGreaterThan(2); // a visible change: ≥ 2 pixels' worth of full-scale difference
        if (lat === "left") expect(left).toBeGreaterThan(2 * right);
        if (lat === "right") expect(right).toBeGreaterThan(2 * left);
      }
    });
  }
});
