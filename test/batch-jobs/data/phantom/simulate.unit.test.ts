import { describe, expect, it } from "vitest";
import { phantomConfig, simulate } from "../../../../batch-jobs/data/phantom/index.js";
import { PHANTOM_SIMULATOR_VERSION as SIMULATOR_VERSION } from "../../../../shared/model/phantom-simulator.js";
import { CHEXPERT_LABELS } from "../../../../shared/report/types.js";

describe("simulate", () => {
  const config = phantomConfig({ size: 64 });

  it("is deterministic: same seed and config give identical pixels, report and truth", () => {
    for (const seed of [0, 7, 123456, 0xffffffff]) {
      const a = simulate(config, seed), b = simulate(config, seed);
      expect(Buffer.from(a.pixels.buffer).equals(Buffer.from(b.pixels.buffer))).toBe(true);
      expect(a.report).toBe(b.report);
      expect(a.truth).toEqual(b.truth);
    }
  });

  it("different seeds give different films and (mostly) different reports", () => {
    const films = [1, 2, 3, 4, 5].map((s) => simulate(config, s));
    for (let i = 1; i < films.length; i++) {
      expect(Buffer.from(films[i]!.pixels.buffer).equals(Buffer.from(films[0]!.pixels.buffer))).toBe(false);
    }
    expect(new Set(films.map((f) => f.report)).size).toBeGreaterThanOrEqual(4);
  });

  it("renders the requested size as 16-bit MONOCHROME2 with lungs darker than the mediastinum", () => {
    for (const size of [64, 128, 200]) {
      const s = simulate(phantomConfig({ size, posture: { sx: [1, 1], sy: [1, 1], tx: [0, 0], ty: [0, 0], theta: [0, 0] } }), 3);
      expect(s.width).toBe(size);
      expect(s.height).toBe(size);
      expect(s.pixels).toBeInstanceOf(Uint16Array);
      expect(s.pixels.length).toBe(size * size);
      const at = (u: number, v: number) => s.pixels[Math.floor((v + 0.5) * size) * size + Math.floor((u + 0.5) * size)]!;
      expect(at(0, -0.2)).toBeGreaterThan(at(-0.22, -0.15)); // mediastinum brighter than right lung
      expect(at(-0.49, 0.0)).toBeLessThan(at(-0.22, -0.15)); // air outside the body darkest
      expect(Math.max(...s.pixels)).toBeGreaterThan(40000);
    }
  });

  it("records the version, the seed, and labels for all 14 CheXpert observations", () => {
    const s = simulate(config, 11);
    expect(s.simulatorVersion).toBe(SIMULATOR_VERSION);
    expect(s.seed).toBe(11);
    expect(Object.keys(s.truth.labels).sort()).toEqual([...CHEXPERT_LABELS].sort());
    expect(typeof s.truth.details.ctr).toBe("number");
  });

  it("rejects a seed that is not a uint32", () => {
    expect(() => simulate(config, -1)).toThrow(/seed/);
    expect(() => simulate(config, 1.5)).toThrow(/seed/);
  });

  it("follows the configured view mix", () => {
    const pa = phantomConfig({ size: 64, views: { PA: 1, AP: 0 } });
    for (let s = 0; s < 10; s++) expect(simulate(pa, s).truth).toMatchObject({ projection: "PA", position: "erect", portable: false });
    const ap = phantomConfig({ size: 64, views: { PA: 0, AP: 1 }, apPosition: { erect: 0, semiErect: 0, supine: 1 } });
    for (let s = 0; s < 10; s++) expect(simulate(ap, s).truth).toMatchObject({ projection: "AP", position: "supine", portable: true });
  });
});
