/**
 * The per-pixel pass of the canonical render: soft-tissue body, aerated lungs bounded by chest
 * wall, mediastinum and diaphragm domes, heart / aortic knob / hila displacing lung air, the
 * spine, and the pleural findings that are best written as fields (effusion meniscus or supine
 * layering, pneumothorax, pleural thickening). Layered 2-D attenuation model: the line integral
 * through the chest is the body's soft tissue minus the air the lungs put on the ray,
 * A = μ_t·T_body − (μ_t − μ_air)·T_air (Beer–Lambert, I = I₀·e^(−A)); here both terms are already
 * in units of μ·length.
 */
import type { Anatomy } from "./anatomy.js";
import type { Canvas } from "./raster.js";

export interface PleuraState {
  /** Erect: meniscus height above the costophrenic angle; supine: layering haze strength. */
  effusion: { height: number; supine: boolean; strength: number } | null;
  /** Distance of the visceral pleural line from the chest wall. */
  pneumothorax: { depth: number; supine: boolean } | null;
  /** Width of a pleural thickening band along the lateral chest wall (0 = none). */
  thickening: number;
}

export interface ThoraxInputs {
  anatomy: Anatomy;
  /** [right lung (display left), left lung (display right)]. */
  pleura: [PleuraState, PleuraState];
  /** Fraction of alveolar air replaced by fluid/tissue (airspace disease), per canvas pixel. */
  fill: Float32Array;
  /** Airways (trachea, main bronchi) as air line integrals to subtract. */
  airways: Float32Array;
}

export interface ThoraxFields {
  atten: Float32Array;
  /** Aerated lung fraction (0..1): where vessels stay visible against air. */
  aerated: Float32Array;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Tables of (1 − b²)^0.8 (body depth profile) and its 1.5th power over b² ∈ [0, 1), for speed. */
const LUT_SIZE = 4096;
const BODY_LUT = new Float32Array(LUT_SIZE + 1);
const AIR_LUT = new Float32Array(LUT_SIZE + 1);
for (let i = 0; i <= LUT_SIZE; i++) {
  const f = Math.pow(Math.max(0, 1 - i / LUT_SIZE), 0.8);
  BODY_LUT[i] = f;
  AIR_LUT[i] = f * Math.sqrt(f);
}

/** Writes every pixel of `out` (allocated when not given). */
export function renderThorax(c: Canvas, inp: ThoraxInputs, out?: ThoraxFields): ThoraxFields {
  const an = inp.anatomy;
  const { n, origin, pitch } = c;
  const atten = out?.atten ?? new Float32Array(n * n);
  const aerated = out?.aerated ?? new Float32Array(n * n);
  const Lw = an.lungHalfWidth, lc = an.lungCenterU;
  const aLat = Lw - lc, aMed = lc - 0.02;
  const vc = an.apexV + 0.42, b = vc - an.apexV;
  const h = an.heart, hc = Math.cos(h.rot), hs = Math.sin(h.rot);
  const kn = an.knob;
  const ra = an.rightAtrium;
  const trunkU = an.midU + an.mediastinumHalf + 0.008, trunkV = an.hilumV - 0.005;
  const spineHalf = 0.04;
  const stomachU = an.midU + 0.17, stomachV = an.domeLeftV + 0.075;
  const lungReach = Lw + 0.05;
  for (let j = 0; j < n; j++) {
    const v = origin + j * pitch;
    // Torso half-width: shoulders round off into the neck above shoulderV.
    let W = an.bodyHalfWidth;
    if (v < an.shoulderV) {
      const t = (an.shoulderV - v) / 0.16;
      W = Math.max(0.1, W * Math.sqrt(Math.max(0, 1 - t * t)));
    }
    // Mediastinal half-width: constant down to the heart (SVC on the right, trunk on the left),
    // narrowing to the spine behind the heart's lower half.
    const taper = 0.78 + 0.3 * clamp01((v - an.apexV) / (an.hilumV - an.apexV)); // narrow at the thoracic inlet
    const mw = v < h.cv ? an.mediastinumHalf * taper : Math.max(0.03, an.mediastinumHalf * 1.08 - (v - h.cv) * 0.5);
    // The neck and shoulders are thinner front-to-back than the chest.
    const depthScale = v < an.apexV ? 1 - 0.4 * clamp01((an.apexV - v) / 0.15) : 1;
    const lungRow = v > an.apexV && v < Math.max(an.domeRightV, an.domeLeftV) + 0.15;
    const vertebralPhase = Math.cos((2 * Math.PI * (v - an.ribV0)) / an.ribStep);
    for (let i = 0; i < n; i++) {
      const u = origin + i * pitch;
      const k = j * n + i;
      const bu = u / W;
      const b2 = bu * bu;
      if (b2 >= 1) {
        // Outside the body: open air (and nothing else is drawn there).
        atten[k] = -inp.airways[k]!;
        aerated[k] = 0;
        continue;
      }
      const lut = (b2 * LUT_SIZE) | 0;
      const bodyFrac = BODY_LUT[lut]!;
      let A = an.bodyAtten * bodyFrac * depthScale;

      const x = u - an.midU;
      const ax = Math.abs(x);
      const side = x < 0 ? 0 : 1;
      // Spine: vertebral bodies (brighter) and discs (darker) in a cylinder-chord profile.
      if (ax < spineHalf) {
        const s = x / spineHalf;
        A += (0.22 + 0.08 * vertebralPhase) * Math.sqrt(1 - s * s);
      }
      // Lung boundaries as signed distances (lateral/apical wall, mediastinum, diaphragm).
      let dLat: number;
      if (v < vc) {
        const eu = ax < lc ? (ax - lc) / aMed : (ax - lc) / aLat;
        const ev = (v - vc) / b;
        dLat = (1 - Math.sqrt(eu * eu + ev * ev)) * aLat;
      } else dLat = Lw + 0.03 * (v - vc) - ax;
      const dMed = ax - mw;
      if (!lungRow || ax > lungReach || dMed <= 0) {
        atten[k] = A - inp.airways[k]!;
        aerated[k] = 0;
        continue;
      }
      const dome = side === 0 ? an.domeRightV : an.domeLeftV;
      const dd = ax < an.domeU ? (an.domeU - ax) / an.domeU : (ax - an.domeU) / (Lw - an.domeU);
      const vd = dome + (ax < an.domeU ? 0.04 : 0.065) * dd * dd;
      const dDia = vd - v;
      const g = Math.min(dLat / 0.04, dMed / 0.02, 1);
      let air = 0;
      let aer = 0;
      if (g > 0) {
        // Full air depth just above the dome (sharp dome edge); a thin posterior recess below it.
        const dia = dDia >= 0 ? 0.8 + 0.2 * clamp01(dDia / 0.12) : Math.max(0, 0.22 + dDia * 4);
        // The lung is thinner where the chest is (elliptical cross-section): air ∝ local depth^1.5.
        air = 1.1 * an.lungAir * Math.sqrt(g) * dia * AIR_LUT[lut]!;
        // Heart, aortic knob and hila push air off the ray.
        const hu = u - h.cu, hv = v - h.cv;
        const ha = (hu * hc + hv * hs) / h.ru, hb = (-hu * hs + hv * hc) / h.rv;
        const hq = ha * ha + hb * hb;
        if (hq < 1) air -= h.depth * Math.pow(1 - hq, 0.35); // a solid organ: steep silhouette edge
        const rau = (u - ra.cu) / ra.r, rav = (v - ra.cv) / (ra.r * 1.7);
        const raq = rau * rau + rav * rav;
        if (raq < 1) air -= 1.2 * Math.pow(1 - raq, 0.35);
        const ku = (u - kn.cu) / kn.r, kv = (v - kn.cv) / kn.r;
        const kq = ku * ku + kv * kv;
        if (kq < 1) air -= 1.0 * Math.sqrt(1 - kq);
        // Pulmonary trunk / left atrial appendage: continues the left border from knob to heart.
        const pu = (u - trunkU) / 0.035, pv = (v - trunkV) / 0.06;
        const pq = pu * pu + pv * pv;
        if (pq < 1) air -= 0.9 * Math.sqrt(1 - pq);
        const hiu = (ax - an.hilumU) / 0.035, hiv = (v - an.hilumV) / 0.055;
        const hiq = hiu * hiu + hiv * hiv;
        if (hiq < 1) air -= 0.35 * Math.sqrt(1 - hiq);
        if (air < 0) air = 0;
        aer = air / an.lungAir;
        const pl = inp.pleura[side];
        const eff = pl.effusion;
        if (eff !== null) {
          let f: number;
          if (eff.supine) {
            f = eff.strength * (0.2 + 0.55 * clamp01((v - an.apexV) / (vd - an.apexV)));
          } else {
            // Meniscus: the fluid climbs higher laterally (Damoiseau's curve).
            const cpV = dome + 0.065;
            const s = clamp01((ax - 0.04) / (Lw - 0.04));
            const vf = cpV - eff.height * (0.55 + 0.45 * s * s);
            f = eff.strength * clamp01((v - vf) / 0.012);
          }
          air *= 1 - f;
          aer *= 1 - f;
          A += 0.25 * f * clamp01(1 + dDia / 0.04); // fluid density only down to the dome
        }
        if (pl.thickening > 0 && dLat < pl.thickening) {
          air *= 0.35;
          aer *= 0.35;
        }
        const ptx = pl.pneumothorax;
        if (ptx !== null) {
          // Erect: air collects apicolaterally; supine: anteriorly and basally (deep sulcus).
          const w = ptx.supine
            ? clamp01(0.45 + (v - an.apexV) / (dome - an.apexV))
            : clamp01(0.35 + (0.65 * (vc + 0.1 - v)) / 0.25);
          const dEff = ptx.depth * w;
          if (dLat < dEff) {
            aer = 0; // collapsed lung pulled away: no vessels beyond the pleural line
            air += 0.4; // and no lung tissue on the ray, only air (hyperlucent)
          } else if (dLat < dEff + 0.0035) A += 0.35 * (1 - (dLat - dEff) / 0.0035);
        }
        const f = inp.fill[k]!;
        if (f > 0) {
          const ff = f > 1 ? 1 : f;
          air *= 1 - ff;
          aer *= 1 - ff;
        }
      }
      // Gastric air bubble under the left dome.
      const su = (u - stomachU) / 0.055, sv = (v - stomachV) / 0.03;
      const sq = su * su + sv * sv;
      if (sq < 1 && v > an.domeLeftV + 0.03) A -= 0.5 * Math.sqrt(1 - sq);
      atten[k] = A - air - inp.airways[k]!;
      aerated[k] = aer;
    }
  }
  return { atten, aerated };
}
