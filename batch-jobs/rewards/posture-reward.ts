/**
 * Posture-alignment reward r_align(ψ) = −d(ψ̂, ψ*): the negative weighted L1 distance
 * (shared/metrics/posture-error.ts; s unitless, t in fractions of the width, θ in radians, unit
 * weights) between the posture model's ψ̂ and the posture the report asks for. Closer to 0 is
 * better, as the paper's negative posture scores.
 *
 * Target ψ*: the identity (upright, centred) for every report. The report library's `rotated`
 * flag means rotation of the patient about the vertical axis (clavicles asymmetric about the
 * spine), which ψ — an in-plane affine map of the film — does not model; supine and AP films are
 * still centred and upright on the detector. `targetPosture` is the one owner of that rule.
 */
import { DEFAULT_POSTURE_WEIGHTS, postureError, type PostureWeights } from "../../shared/metrics/posture-error.js";
import type { ReportCondition } from "../../shared/report/types.js";
import type { Posture } from "../data/phantom/index.js";
import { IDENTITY_POSTURE } from "./targets.js";

export function targetPosture(_condition: ReportCondition): Posture {
  return IDENTITY_POSTURE;
}

export function postureReward(predicted: Posture, condition: ReportCondition, weights: PostureWeights = DEFAULT_POSTURE_WEIGHTS): number {
  return -postureError(predicted, targetPosture(condition), weights);
}
