import { describe, expect, it } from "vitest";
import { canonicalToFilm, filmToCanonical, phantomConfig, simulate, type Posture } from "../../../../batch-jobs/data/phantom/index.js";
import { resampleThroughPosture } from "../../../../batch-jobs/data/phantom/acquire.js";
import { makeCanvas } from "../../../../batch-jobs/data/phantom/raster.js";

const psi: Posture = { sx: 1.08, sy: 0.93, tx: 0.04, ty: -0.03, theta: 0.12 };

describe("posture ψ", () => {
  it("filmToCanonical is the exact inverse of canonicalToFilm", () => {
    for (const [u, v] of [[0, 0], [0.3, -0.2], [-0.41, 0.37]] as const) {
      const [x, y] = canonicalToFilm(psi, u, v);
      const [u2, v2] = filmToCanonical(psi, x, y);
      expect(u2).toBeCloseTo(u, 12);
      expect(v2).toBeCloseTo(v, 12);
    }
  });

  it("positive θ turns the image counter-clockwise as displayed", () => {
    const [x, y] = canonicalToFilm({ sx: 1, sy: 1, tx: 0, ty: 0, theta: Math.PI / 2 }, 0.2, 0);
    expect(x).toBeCloseTo(0, 12);
    expect(y).toBeCloseTo(-0.2, 12); // a point right of centre moves up
  });

  it("a canonical landmark lands exactly where ψ says", () => {
    const size = 128;
    const canvas = makeCanvas(size);
    const map = new Float32Array(canvas.n * canvas.n);
    const landmark = [0.18, -0.22] as const;
    // A small bright square centred on the landmark in the canonical map.
    for (let j = 0; j < canvas.n; j++) {
      for (let i = 0; i < canvas.n; i++) {
        const u = canvas.origin + i * canvas.pitch, v = canvas.origin + j * canvas.pitch;
        if (Math.abs(u - landmark[0]) < 0.02 && Math.abs(v - landmark[1]) < 0.02) map[j * canvas.n + i] = 1;
      }
    }
    const film = resampleThroughPosture(map, canvas, psi, size, 2);
    let sx = 0, sy = 0, w = 0;
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
      const m = film[y * size + x]!;
      sx += m * ((x + 0.5) / size - 0.5);
      sy += m * ((y + 0.5) / size - 0.5);
      w += m;
    }
    const [ex, ey] = canonicalToFilm(psi, landmark[0], landmark[1]);
    expect(Math.abs(sx / w - ex)).toBeLessThan(0.5 / size);
    expect(Math.abs(sy / w - ey)).toBeLessThan(0.5 / size);
  });

  it("simulate applies the sampled ψ: the film matches the identity film mapped through ψ", () => {
    const size = 128;
    const base = { size, acquisition: { photonsPerPixel: 1e6 } } as const;
    const fixed = (p: Posture) => phantomConfig({ ...base, posture: { sx: [p.sx, p.sx], sy: [p.sy, p.sy], tx: [p.tx, p.tx], ty: [p.ty, p.ty], theta: [p.theta, p.theta] } });
    const id = simulate(fixed({ sx: 1, sy: 1, tx: 0, ty: 0, theta: 0 }), 5);
    const moved = simulate(fixed(psi), 5);
    expect(moved.truth.posture).toEqual(psi);
    // Correlate moved(p) with id(ψ⁻¹ p) over the film's centre, and with a wrong mapping (θ sign flipped).
    const corr = (mapping: Posture): number => {
      const a: number[] = [], b: number[] = [];
      for (let y = 16; y < size - 16; y += 2) for (let x = 16; x < size - 16; x += 2) {
        const [u, v] = filmToCanonical(mapping, (x + 0.5) / size - 0.5, (y + 0.5) / size - 0.5);
        const ix = Math.round((u + 0.5) * size - 0.5), iy = Math.round((v + 0.5) * size - 0.5);
        if (ix < 0 || iy < 0 || ix >= size || iy >= size) continue;
        a.push(moved.pixels[y * size + x]!);
        b.push(id.pixels[iy * size + ix]!);
      }
      const ma = a.reduce((s, x) => s + x, 0) / a.length, mb = b.reduce((s, x) => s + x, 0) / b.length;
      let num = 0, da = 0, db = 0;
      for (let i = 0; i < a.length; i++) {
        num += (a[i]! - ma) * (b[i]! - mb);
        da += (a[i]! - ma) ** 2;
        db += (b[i]! - mb) ** 2;
      }
      return num / Math.sqrt(da * db);
    };
    const right = corr(psi), wrong = corr({ ...psi, theta: -psi.theta });
    expect(right).toBeGreaterThan(0.95);
    expect(right).toBeGreaterThan(wrong + 0.05);
  });
});
