/**
 * Pulmonary vessels (and their companion bronchi) as seeded branching trees from each hilum:
 * each branch splits in two with shrinking length and calibre (Murray-like ratio 0.72), so the
 * markings are dense and thick centrally and fine peripherally, as on a normal film.
 */
import type { Rng } from "../../../shared/random.js";
import type { Anatomy } from "./anatomy.js";
import { strokeSegment, type Canvas } from "./raster.js";

interface Branch {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
  r: number;
  depth: number;
}

function insideLung(an: Anatomy, u: number, v: number): boolean {
  const ax = Math.abs(u - an.midU);
  const dome = u < an.midU ? an.domeRightV : an.domeLeftV;
  return ax < an.lungHalfWidth - 0.015 && v > an.apexV + 0.03 + 0.25 * Math.max(0, 0.2 - Math.abs(ax - 0.19)) && v < dome + 0.02 && ax > 0.03;
}

/** The branch segments of both trees (finest generations only on fine canvases, where they resolve); `cephalization` > 1 enlarges upper-zone vessels (venous congestion). */
export function growVesselTrees(rng: Rng, an: Anatomy, cephalization: number, maxDepth: number): Branch[] {
  const out: Branch[] = [];
  const grow = (u: number, v: number, ang: number, len: number, r: number, depth: number, sign: number): void => {
    if (depth > maxDepth || r < 0.0012) return;
    const u1 = u + sign * Math.cos(ang) * len, v1 = v + Math.sin(ang) * len;
    if (!insideLung(an, u1, v1)) {
      if (depth > 1) return;
    }
    const zone = v1 < an.hilumV ? cephalization : 1.12; // gravity: lower-zone vessels are larger upright
    // Vessels curve: each branch is two segments through a jittered midpoint.
    const bend = rng.uniform(-0.18, 0.18) * len;
    const um = (u + u1) / 2 - Math.sin(ang) * bend * sign, vm = (v + v1) / 2 + Math.cos(ang) * bend;
    out.push({ u0: u, v0: v, u1: um, v1: vm, r: r * zone, depth }, { u0: um, v0: vm, u1, v1, r: r * zone * 0.93, depth });
    const spread = rng.uniform(0.28, 0.5);
    grow(u1, v1, ang - spread + rng.uniform(-0.1, 0.1), len * rng.uniform(0.66, 0.8), r * 0.72, depth + 1, sign);
    grow(u1, v1, ang + spread + rng.uniform(-0.1, 0.1), len * rng.uniform(0.66, 0.8), r * 0.72, depth + 1, sign);
  };
  for (const sign of [-1, 1]) {
    const hu = an.midU + sign * an.hilumU, hv = an.hilumV;
    const primaries = 8;
    for (let b = 0; b < primaries; b++) {
      const ang = -1.35 + (2.55 * (b + rng.uniform(0.2, 0.8))) / primaries;
      grow(hu, hv + rng.uniform(-0.02, 0.02), ang, rng.uniform(0.06, 0.085), rng.uniform(0.0065, 0.008), 0, sign);
    }
  }
  return out;
}

/** Vessel line integrals (max-combined); amplitude scales with calibre (chord ∝ radius). */
export function drawVessels(buf: Float32Array, c: Canvas, branches: readonly Branch[], blurScale: number): void {
  for (const b of branches) {
    const r = b.r * blurScale;
    strokeSegment(buf, c, b.u0, b.v0, b.u1, b.v1, r * 1.3, r * 1.1, (0.55 * b.r) / 0.006, "tube");
  }
}

/**
 * Bronchial walls of the central generations: thin hollow tubes beside their arteries, seen as
 * faint "tram lines" near the hila (max-combined into the vessel layer, so also hidden where the
 * lung is not aerated).
 */
export function drawBronchialWalls(buf: Float32Array, c: Canvas, branches: readonly Branch[]): void {
  for (const b of branches) {
    if (b.depth < 1 || b.depth > 2) continue;
    const du = b.u1 - b.u0, dv = b.v1 - b.v0, len = Math.hypot(du, dv) || 1;
    const ou = (-dv / len) * b.r * 2.2, ov = (du / len) * b.r * 2.2; // bronchus runs beside its artery
    strokeSegment(buf, c, b.u0 + ou, b.v0 + ov, b.u1 + ou, b.v1 + ov, b.r * 0.9, b.r * 0.75, 0.22, "cortical");
  }
}

/** Bronchi: thinner air tubes along the first generations (seen only as air bronchograms). */
export function drawBronchi(buf: Float32Array, c: Canvas, branches: readonly Branch[]): void {
  for (const b of branches) {
    if (b.depth < 1 || b.depth > 3) continue;
    const r = b.r * 0.7;
    strokeSegment(buf, c, b.u0, b.v0, b.u1, b.v1, r, r * 0.8, 0.7, "tube");
  }
}
