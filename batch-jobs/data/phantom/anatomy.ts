/**
 * One patient's normal anatomy in canonical coordinates (see raster.ts), with individual
 * variation, plus the acquisition-dependent geometry (AP magnification, supine diaphragm,
 * inspiration). Proportions follow standard PA chest anatomy: lungs ~70% of the film width,
 * cardiothoracic ratio 0.40–0.48, right hemidiaphragm ~2 cm above the left, posterior rib 10 at
 * the dome on a good inspiration.
 */
import type { Rng } from "../../../shared/random.js";

export interface Anatomy {
  /** Torso half-width and soft-tissue line integral through the thickest (midline) ray. */
  bodyHalfWidth: number;
  bodyAtten: number;
  shoulderV: number;
  /** Midline of spine / mediastinum (patient rotation shifts it against the body). */
  midU: number;
  /** Lungs: apex height, widest half-width (inner rib margin), lateral ellipse centre, air line integral. */
  apexV: number;
  lungHalfWidth: number;
  lungCenterU: number;
  lungAir: number;
  /** Dome heights (right, left) and the dome's lateral position. */
  domeRightV: number;
  domeLeftV: number;
  domeU: number;
  /** Upper mediastinum half-width. */
  mediastinumHalf: number;
  /** Heart as a rotated ellipse (projected), with the cardiothoracic ratio it realises. */
  heart: { cu: number; cv: number; ru: number; rv: number; rot: number; depth: number };
  /** Soft-tissue line integral of breast / pectoral shadows over the lower lungs (0 = none). */
  breastAtten: number;
  /** The right atrium makes the right heart border's convexity (display left of the spine). */
  rightAtrium: { cu: number; cv: number; r: number };
  ctr: number;
  apparentCtr: number;
  knob: { cu: number; cv: number; r: number };
  carinaV: number;
  hilumV: number;
  hilumU: number;
  /** Posterior rib k (1-based) crosses the dome's u at v = ribV0 + (k − 1)·ribStep. */
  ribV0: number;
  ribStep: number;
  /** Clavicle lift (AP lordotic projection raises clavicles) and scapula medial border. */
  clavicleV: number;
  scapulaMedialU: number;
  inspirationRibs: number;
}

export interface AnatomyOptions {
  ap: boolean;
  supine: boolean;
  /** Posterior ribs above the dome, from the acquisition config. */
  inspirationRibs: number;
  patientRotation: number;
  /** Target true (PA-equivalent) cardiothoracic ratio and mediastinal widening factor. */
  ctr: number;
  mediastinumScale: number;
}

/** Heart geometry in units of the ventricular ellipse's horizontal half-extent h: the ellipse is
 * centred 0.3h left of the midline (patient's left), the right atrium 0.55h right of it with
 * radius 0.42h, so the heart spans 1.3h + 0.97h = 2.27h and CTR = 2.27h / (2 × lung half-width). */
const RA_OFFSET = 0.55;
const RA_RADIUS = 0.42;
const HEART_WIDTH_PER_HALF = 1.3 + RA_OFFSET + RA_RADIUS;

/** Horizontal half-extent of an ellipse with radii (ru, rv) rotated by rot. */
export function ellipseHalfExtentU(ru: number, rv: number, rot: number): number {
  return Math.sqrt(ru * ru * Math.cos(rot) ** 2 + rv * rv * Math.sin(rot) ** 2);
}

export function sampleAnatomy(rng: Rng, o: AnatomyOptions): Anatomy {
  const lungHalfWidth = rng.uniform(0.33, 0.36);
  const apexV = rng.uniform(-0.43, -0.4);
  const ribStep = rng.uniform(0.063, 0.069);
  const ribV0 = apexV + 0.015;
  // Supine patients breathe shallower and the abdomen pushes the domes up (~1 rib).
  const ribs = o.inspirationRibs - (o.supine ? 0.9 : 0);
  const domeRightV = ribV0 + (ribs - 1) * ribStep;
  const domeLeftV = domeRightV + rng.uniform(0.02, 0.04);
  // AP: the heart is farther from the detector, so it is magnified ~10–15% (Milne 1985).
  const magnification = o.ap ? rng.uniform(1.1, 1.15) : 1;
  const rot = rng.uniform(0.4, 0.55);
  const ru0 = 0.16, rv0 = rng.uniform(0.125, 0.14);
  const half0 = ellipseHalfExtentU(ru0, rv0, rot);
  // Heart width = right-atrial border to left-ventricular apex = HEART_WIDTH_PER_HALF × half-extent.
  const targetHalf = (2 * o.ctr * lungHalfWidth) / HEART_WIDTH_PER_HALF;
  const k = targetHalf / half0;
  const ru = ru0 * k * magnification;
  const rv = rv0 * Math.sqrt(k) * magnification;
  const apparentHalf = ellipseHalfExtentU(ru, rv, rot);
  const midU = o.patientRotation;
  // The heart lies 2/3 to the patient's left (display right) of the midline.
  const cu = midU + apparentHalf * 0.3;
  const cv = Math.min(domeRightV, domeLeftV) - rv * 0.3; // lower third hidden below the domes
  const mediastinumHalf = rng.uniform(0.058, 0.068) * o.mediastinumScale;
  return {
    bodyHalfWidth: rng.uniform(0.5, 0.56),
    bodyAtten: rng.uniform(3.9, 4.6),
    shoulderV: apexV - rng.uniform(0.0, 0.03),
    midU,
    apexV,
    lungHalfWidth,
    lungCenterU: lungHalfWidth - rng.uniform(0.14, 0.16),
    lungAir: rng.uniform(1.75, 1.95),
    domeRightV,
    domeLeftV,
    domeU: rng.uniform(0.17, 0.2),
    mediastinumHalf,
    heart: { cu, cv, ru, rv, rot, depth: 1.9 },
    breastAtten: rng.chance(0.5) ? rng.uniform(0.2, 0.55) : rng.uniform(0, 0.12),
    rightAtrium: { cu: midU - RA_OFFSET * apparentHalf, cv: cv - rv * 0.05, r: RA_RADIUS * apparentHalf },
    ctr: o.ctr,
    apparentCtr: (HEART_WIDTH_PER_HALF * apparentHalf) / (2 * lungHalfWidth),
    knob: { cu: midU + mediastinumHalf * 0.75 + 0.01 * o.mediastinumScale, cv: apexV + 0.2, r: 0.028 * Math.sqrt(o.mediastinumScale) },
    carinaV: apexV + 0.25,
    hilumV: apexV + 0.33,
    hilumU: 0.085,
    ribV0,
    ribStep,
    clavicleV: apexV + 0.075 - (o.ap ? 0.035 : 0),
    scapulaMedialU: o.ap ? 0.27 : 0.36,
    inspirationRibs: ribs,
  };
}
