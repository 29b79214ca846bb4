/**
 * What the models predict, as numbers: the ground truth of a simulator film turned into training
 * targets, and the report's condition turned into the targets a reward compares against.
 *
 * Labels: a finding is "present" when the simulator drew it — CheXpert 1 (positive) or −1
 * (uncertain: drawn, subtly). 0 (negated) and null (not mentioned) are absent. "No Finding" is
 * the simulator's own label (1 = no pathology; support devices allowed).
 */
import type { PhantomSample, Posture } from "../data/phantom/index.js";
import { CHEXPERT_LABELS, type ChexpertValue, type PatientPosition, type Projection } from "../../shared/report/types.js";

export const LABEL_COUNT = CHEXPERT_LABELS.length;
export const POSITIONS = ["erect", "semi-erect", "supine"] as const satisfies readonly PatientPosition[];
export const POSTURE_KEYS = ["sx", "sy", "tx", "ty", "theta"] as const satisfies readonly (keyof Posture)[];
/** The canonical upright, centred pose: the identity transform. */
export const IDENTITY_POSTURE: Posture = { sx: 1, sy: 1, tx: 0, ty: 0, theta: 0 };

/**
 * Regression targets are ψ normalised by these (centre, half-width) pairs, so each output is
 * about unit range: sx, sy around 1 ± 0.2; tx, ty ± 0.12 of the width; θ ± 0.3 rad.
 */
export const POSTURE_NORMALISATION: Record<(typeof POSTURE_KEYS)[number], [number, number]> = {
  sx: [1, 0.2],
  sy: [1, 0.2],
  tx: [0, 0.12],
  ty: [0, 0.12],
  theta: [0, 0.3],
};

export interface FilmTruth {
  /** 14 entries, CHEXPERT_LABELS order: 1 present (drawn), 0 absent. */
  present: number[];
  projection: Projection;
  position: PatientPosition;
  posture: Posture;
}

export function truthOf(sample: PhantomSample): FilmTruth {
  return {
    present: CHEXPERT_LABELS.map((l) => presentValue(sample.truth.labels[l])),
    projection: sample.truth.projection,
    position: sample.truth.position,
    posture: sample.truth.posture,
  };
}

export function presentValue(v: ChexpertValue): number {
  return v === 1 || v === -1 ? 1 : 0;
}

export function normalisePosture(p: Posture): number[] {
  return POSTURE_KEYS.map((k) => (p[k] - POSTURE_NORMALISATION[k][0]) / POSTURE_NORMALISATION[k][1]);
}

export function denormalisePosture(z: ArrayLike<number>, offset = 0): Posture {
  const out = { ...IDENTITY_POSTURE };
  POSTURE_KEYS.forEach((k, i) => (out[k] = POSTURE_NORMALISATION[k][0] + z[offset + i]! * POSTURE_NORMALISATION[k][1]));
  return out;
}
