/**
 * What the phantom simulator produces for one film: the image, the report written for it, and
 * the exact ground truth the report and labels were derived from. The dataset writers
 * (batch-jobs/data/dataset/) consume this; the simulator (this folder) produces it.
 */
import type { ChexpertLabel, ChexpertValue, Laterality, Projection, Severity, PatientPosition } from "../../../shared/report/types.js";

/** ψ = (s_x, s_y, t_x, t_y, θ): the affine map from the canonical upright centred pose to this film. */
export interface Posture {
  /** Horizontal and vertical scale (1 = canonical). */
  sx: number;
  sy: number;
  /** Translation as a fraction of image width / height (0 = centred). */
  tx: number;
  ty: number;
  /** In-plane rotation in radians (positive = counter-clockwise as displayed). */
  theta: number;
}

export interface PhantomGroundTruth {
  labels: Record<ChexpertLabel, ChexpertValue>;
  laterality: Partial<Record<ChexpertLabel, Laterality>>;
  severity: Partial<Record<ChexpertLabel, Severity>>;
  projection: Projection;
  position: PatientPosition;
  portable: boolean;
  posture: Posture;
  /** What was drawn as flat keys (ctr, drawn, devices, lesion.*…; see render-facts.ts), for docs and evals. */
  details: Record<string, number | string | boolean>;
}

export interface PhantomSample {
  width: number;
  height: number;
  /** Row-major, 16-bit, MONOCHROME2 (0 = black, 65535 = white, bone is bright). */
  pixels: Uint16Array;
  report: string;
  truth: PhantomGroundTruth;
  seed: number;
  simulatorVersion: string;
}
