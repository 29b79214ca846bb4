/**
 * Bones as attenuation strokes: posterior and anterior ribs (hollow-bone profile, cortex bright),
 * clavicles, scapulae, humeral heads; a rib fracture is a cortical break with an offset fragment.
 * Posterior rib k crosses the dome's u at v = ribV0 + (k − 1)·ribStep, so the diaphragm position
 * set by the inspiration depth decides how many ribs show above it.
 */
import type { Anatomy } from "./anatomy.js";
import { addEllipsoid, strokePolyline, type Canvas } from "./raster.js";

export interface FractureSpec {
  /** −1 = patient's right (display left), +1 = patient's left. */
  sign: number;
  rib: number;
  /** Fragment offset and gap (canonical units). */
  offset: number;
  gap: number;
  /** Callus radius around the fracture site (0 = acute fracture, no callus). */
  callus: number;
}

function posteriorRibPoints(an: Anatomy, k: number, sign: number): number[] {
  const reach = an.lungHalfWidth + 0.02;
  const shape = (s: number): number => -0.12 * s + 0.3 * s * s;
  const s0 = an.domeU / reach;
  const vk = an.ribV0 + (k - 1) * an.ribStep - shape(s0);
  const pts: number[] = [];
  for (let s = 0.07; s <= 1.0001; s += 0.0775) pts.push(an.midU + sign * s * reach, vk + shape(s));
  pts.push(an.midU + sign * (reach + 0.012), vk + shape(1) + 0.05);
  return pts;
}

function radiiFor(count: number, r0: number, r1: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(r0 + ((r1 - r0) * i) / Math.max(1, count - 1));
  return out;
}

/** Split a polyline at fraction `at` of its points, shift the distal part (the fracture). */
function fracture(pts: number[], f: FractureSpec): [number[], number[], number, number] {
  const m = Math.floor((pts.length / 2) * 0.78) * 2;
  const u0 = pts[m - 2]!, v0 = pts[m - 1]!, u1 = pts[m]!, v1 = pts[m + 1]!;
  const len = Math.hypot(u1 - u0, v1 - v0);
  const tu = (u1 - u0) / len, tv = (v1 - v0) / len;
  const cutU = (u0 + u1) / 2, cutV = (v0 + v1) / 2;
  const proximal = [...pts.slice(0, m), cutU - (tu * f.gap) / 2, cutV - (tv * f.gap) / 2];
  const distal = [cutU + (tu * f.gap) / 2 - tv * f.offset, cutV + (tv * f.gap) / 2 + tu * f.offset];
  for (let i = m; i < pts.length; i += 2) distal.push(pts[i]! - tv * f.offset, pts[i + 1]! + tu * f.offset);
  return [proximal, distal, cutU, cutV];
}

/** Each bone family is max-combined in its own layer (a family's strokes never overlap each
 * other, but different families do and must add); `solid` takes additive ellipsoids. */
export interface SkeletonLayers {
  posterior: Float32Array;
  anterior: Float32Array;
  girdle: Float32Array;
  solid: Float32Array;
}

export function drawSkeleton(l: SkeletonLayers, c: Canvas, an: Anatomy, frac: FractureSpec | null): void {
  for (const sign of [-1, 1]) {
    // Posterior ribs 1–12.
    for (let k = 1; k <= 12; k++) {
      const pts = posteriorRibPoints(an, k, sign);
      const count = pts.length / 2;
      const r = k <= 2 ? 0.0085 : 0.0115;
      const radii = radiiFor(count, r * 0.9, r * 1.15);
      if (frac && frac.sign === sign && frac.rib === k) {
        const [a, b, cu, cv] = fracture(pts, frac);
        if (frac.callus > 0) addEllipsoid(l.solid, c, cu, cv, frac.callus * 1.2, frac.callus, 0.3, 0.45);
        strokePolyline(l.posterior, c, a, radii, 0.34, "cortical");
        strokePolyline(l.posterior, c, b, radii.slice(radii.length - b.length / 2), 0.34, "cortical");
      } else strokePolyline(l.posterior, c, pts, radii, 0.34, "cortical");
    }
    // Anterior ribs 1–8: broader, fainter, sloping down towards the costal cartilages.
    for (let k = 1; k <= 8; k++) {
      const post = posteriorRibPoints(an, k, sign);
      const lu = post[post.length - 2]!, lv = post[post.length - 1]!;
      const len = 0.23 + 0.01 * k;
      const pts = [lu, lv, lu - sign * len * 0.55, lv + 0.055, lu - sign * len, lv + 0.14];
      strokePolyline(l.anterior, c, pts, [0.012, 0.0125, 0.011], 0.15, "cortical");
    }
    // Clavicle: gentle S from the sternal notch to the acromion.
    const v0 = an.clavicleV;
    const clavicle = [
      an.midU + sign * 0.03, v0 + 0.012,
      an.midU + sign * 0.1, v0 - 0.002,
      an.midU + sign * 0.19, v0 - 0.025,
      an.midU + sign * 0.27, v0 - 0.04,
      an.midU + sign * 0.34, v0 - 0.07,
    ];
    strokePolyline(l.girdle, c, clavicle, [0.016, 0.013, 0.012, 0.012, 0.013], 0.75, "cortical");
    // Scapula: medial border (projects over the lung on AP films) and a faint blade.
    const mu = sign * an.scapulaMedialU;
    strokePolyline(l.girdle, c, [sign * 0.37, an.apexV + 0.0, mu, an.apexV + 0.08, mu + sign * 0.045, an.apexV + 0.36], [0.006, 0.007, 0.005], 0.22, "tube");
    strokePolyline(l.girdle, c, [(mu + sign * 0.43) / 2, an.apexV + 0.06, (mu + sign * (0.045 + 0.42)) / 2, an.apexV + 0.28], [0.055, 0.03], 0.14, "flat");
    // Humeral head.
    addEllipsoid(l.solid, c, sign * 0.475, an.apexV + 0.03, 0.06, 0.065, 0, 0.7);
  }
}
