/**
 * Geometry of the parenchymal and pleural findings: where each one goes and how strong it is.
 * Lobes are approximated on the frontal projection (right upper lobe above the minor fissure,
 * middle lobe against the right heart border — hence the silhouette sign —, lower lobes at the
 * bases, lingula against the left heart border). "Uncertain" findings use about half the strength.
 * Nodules are denser than their true line integral (~0.3 for 2 cm) so they resolve at 64 px.
 */
import type { Rng } from "../../../shared/random.js";
import type { Anatomy } from "./anatomy.js";
import type { DrawnFinding, FindingSet, Lobe } from "./findings.js";
import { addBlob, addEllipsoid, strokePolyline, valueNoise, type Canvas } from "./raster.js";
import { roundFact, type RenderFacts } from "./render-facts.js";
import type { PleuraState } from "./thorax.js";

const sides = (f: DrawnFinding): number[] =>
  f.laterality === "bilateral" ? [-1, 1] : f.laterality === "left" ? [1] : [-1];

/** Centre and radii of a lobe's frontal projection, and its sharp fissure edge if any. */
function lobeRegion(an: Anatomy, sign: number, lobe: Lobe): { cu: number; cv: number; ru: number; rv: number; vMin: number; vMax: number } {
  const m = an.midU;
  const dome = sign < 0 ? an.domeRightV : an.domeLeftV;
  const fissure = an.hilumV - 0.015; // minor fissure at the level of the right hilum
  switch (lobe) {
    case "upper":
      return { cu: m + sign * 0.2, cv: (an.apexV + fissure) / 2, ru: 0.13, rv: 0.16, vMin: -Infinity, vMax: sign < 0 ? fissure : Infinity };
    case "middle":
      return { cu: m - 0.13, cv: fissure + 0.08, ru: 0.1, rv: 0.075, vMin: fissure, vMax: Infinity };
    case "lingula":
      return { cu: m + 0.15, cv: fissure + 0.08, ru: 0.09, rv: 0.075, vMin: -Infinity, vMax: Infinity };
    case "lower":
      return { cu: m + sign * 0.21, cv: dome - 0.08, ru: 0.12, rv: 0.1, vMin: -Infinity, vMax: Infinity };
  }
}

export function emptyPleura(): PleuraState {
  return { effusion: null, pneumothorax: null, thickening: 0 };
}

export type PleuralFacts = Pick<RenderFacts, "effusionHeight" | "pneumothoraxDepth">;

/** Effusion, pneumothorax and pleural thickening as field parameters per side, with their sizes. */
export function pleuralGeometry(findings: FindingSet, supine: boolean, rng: Rng): { pleura: [PleuraState, PleuraState]; facts: PleuralFacts } {
  const pleura: [PleuraState, PleuraState] = [emptyPleura(), emptyPleura()];
  const facts: PleuralFacts = {};
  const eff = findings.get("Pleural Effusion");
  if (eff) {
    const sev = eff.severity ?? "small";
    const weak = eff.certainty === "uncertain";
    const height = weak ? 0.04 : sev === "trace" ? 0.05 : sev === "small" ? 0.08 : sev === "moderate" ? 0.14 : 0.24;
    const strength = supine ? (weak ? 0.15 : sev === "trace" ? 0.15 : sev === "small" ? 0.25 : sev === "moderate" ? 0.4 : 0.55) : weak ? 0.75 : 0.95;
    for (const s of sides(eff)) pleura[s < 0 ? 0 : 1].effusion = { height: height * rng.uniform(0.9, 1.1), supine, strength };
    facts.effusionHeight = roundFact(height);
  }
  const ptx = findings.get("Pneumothorax");
  if (ptx) {
    const sev = ptx.severity ?? "small";
    const depth = ptx.certainty === "uncertain" ? 0.016 : sev === "small" ? 0.03 : sev === "moderate" ? 0.055 : 0.095;
    for (const s of sides(ptx)) pleura[s < 0 ? 0 : 1].pneumothorax = { depth: depth * rng.uniform(0.9, 1.1), supine };
    facts.pneumothoraxDepth = roundFact(depth);
  }
  const other = findings.get("Pleural Other");
  if (other) for (const s of sides(other)) pleura[s < 0 ? 0 : 1].thickening = rng.uniform(0.018, 0.03);
  return { pleura, facts };
}

/**
 * Airspace disease into `fill` (fraction of alveolar air replaced) and focal dense findings
 * (nodules, masses, Kerley lines) into `dense` (added line integrals). Returns what it drew.
 */
export type ParenchymaFacts = Pick<RenderFacts, "consolidationLobe" | "lesion">;

export function drawParenchyma(
  fill: Float32Array,
  dense: Float32Array,
  scratch: Float32Array,
  c: Canvas,
  an: Anatomy,
  findings: FindingSet,
  rng: Rng,
): ParenchymaFacts {
  const facts: ParenchymaFacts = {};
  const noise = valueNoise(rng.int(2 ** 31), 9);
  const fine = valueNoise(rng.int(2 ** 31), 22);
  const texture = (u: number, v: number): number => 0.25 + 0.5 * noise(u, v) + 0.25 * fine(u, v);
  const cons = findings.get("Consolidation");
  const pna = findings.get("Pneumonia");
  const lobar = cons ?? (pna && findings.has("Consolidation") ? pna : undefined);
  if (lobar && lobar.lobe) {
    const r = lobeRegion(an, lobar.laterality === "left" ? 1 : -1, lobar.lobe);
    const amp = lobar.certainty === "uncertain" ? 0.45 : 0.92;
    addBlob(fill, c, r.cu, r.cv, r.ru, r.rv, amp, texture, r.vMin, r.vMax);
    facts.consolidationLobe = lobar.lobe;
  }
  if (pna && !findings.has("Consolidation") && pna.lobe) {
    // Pneumonia without a lobar consolidation: patchy airspace opacity in that lobe.
    const r = lobeRegion(an, pna.laterality === "left" ? 1 : -1, pna.lobe);
    const amp = pna.certainty === "uncertain" ? 0.4 : 0.75;
    for (let i = 0; i < 3; i++) {
      addBlob(fill, c, r.cu + rng.uniform(-0.5, 0.5) * r.ru, r.cv + rng.uniform(-0.5, 0.5) * r.rv, r.ru * 0.5, r.rv * 0.55, amp, texture, r.vMin, r.vMax);
    }
  }
  const opacity = findings.get("Lung Opacity");
  if (opacity && opacity.lobe) {
    const r = lobeRegion(an, opacity.laterality === "left" ? 1 : -1, opacity.lobe);
    const amp = opacity.certainty === "uncertain" ? 0.35 : 0.6;
    const blobs = 2 + rng.int(2);
    for (let i = 0; i < blobs; i++) {
      addBlob(fill, c, r.cu + rng.uniform(-0.6, 0.6) * r.ru, r.cv + rng.uniform(-0.6, 0.6) * r.rv, rng.uniform(0.035, 0.055), rng.uniform(0.035, 0.055), amp, texture);
    }
  }
  const edema = findings.get("Edema");
  if (edema) {
    const s = edema.certainty === "uncertain" ? 0.25 : edema.severity === "mild" ? 0.42 : edema.severity === "moderate" ? 0.55 : 0.7;
    for (const sign of [-1, 1]) {
      // Perihilar "bat-wing" haze.
      addBlob(fill, c, an.midU + sign * (an.hilumU + 0.06), an.hilumV + 0.02, 0.14, 0.17, s, texture);
      // Kerley B lines: short horizontal septal lines at the lateral bases.
      const lines = edema.certainty === "uncertain" ? 3 : 7;
      const dome = sign < 0 ? an.domeRightV : an.domeLeftV;
      for (let i = 0; i < lines; i++) {
        const v = dome - 0.02 - rng.uniform(0, 0.14);
        const u0 = an.midU + sign * (an.lungHalfWidth - rng.uniform(0.005, 0.015));
        strokePolyline(dense, c, [u0, v, u0 - sign * rng.uniform(0.02, 0.035), v + rng.uniform(-0.003, 0.003)], [0.0025, 0.0022], 0.14, "tube");
      }
    }
  }
  const atel = findings.get("Atelectasis");
  if (atel) {
    scratch.fill(0);
    const amp = atel.certainty === "uncertain" ? 0.4 : 0.62;
    for (const sign of sides(atel)) {
      // Plate-like (discoid) atelectasis: a thin, slightly oblique band above the dome.
      const dome = sign < 0 ? an.domeRightV : an.domeLeftV;
      const cu = an.midU + sign * rng.uniform(0.16, 0.24), cv = dome - rng.uniform(0.04, 0.08);
      const half = rng.uniform(0.05, 0.075), tilt = rng.uniform(-0.02, 0.03);
      strokePolyline(scratch, c, [cu - half, cv - sign * tilt, cu, cv + rng.uniform(-0.006, 0.006), cu + half, cv + sign * tilt], [0.006, 0.008, 0.005], amp, "tube");
    }
    for (let i = 0; i < fill.length; i++) if (scratch[i]! > fill[i]!) fill[i] = scratch[i]!;
  }
  const lesion = findings.get("Lung Lesion");
  if (lesion) {
    const sign = lesion.laterality === "left" ? 1 : -1;
    const dome = sign < 0 ? an.domeRightV : an.domeLeftV;
    const mass = lesion.lesionKind === "mass";
    const r = lesion.certainty === "uncertain" ? 0.013 : mass ? rng.uniform(0.045, 0.065) : rng.uniform(0.016, 0.024);
    const cu = an.midU + sign * rng.uniform(0.15, 0.26);
    const cv = lesion.lobe === "upper" ? rng.uniform(an.apexV + 0.1, an.hilumV - 0.05) : rng.uniform(an.hilumV + 0.06, dome - 0.06);
    addEllipsoid(dense, c, cu, cv, r, r * rng.uniform(0.85, 1.1), rng.uniform(0, 3), (mass ? 1.2 : 0.8) * (lesion.certainty === "uncertain" ? 0.7 : 1));
    facts.lesion = { diameter: roundFact(2 * r), u: roundFact(cu), v: roundFact(cv) };
  }
  return facts;
}
