/** The record every reader yields: an image on disk, its report, and what is known about it. */
import type { ChexpertLabel, ChexpertValue, Projection } from "../../../shared/report/types.js";

export interface ImageReportRecord {
  /** Stable id within its source (dataset id, MIMIC dicom_id, CSV row number). */
  id: string;
  /** Absolute path of the image file. */
  imagePath: string;
  report: string;
  /** CheXpert labels when the source has them, else null. */
  labels: Record<ChexpertLabel, ChexpertValue> | null;
  /** PA / AP / lateral when known. */
  view: Projection | null;
}

/** DICOM ViewPosition / MIMIC metadata spellings → our projection; anything else is unknown. */
export function projectionFromViewPosition(value: string): Projection | null {
  const v = value.trim().toUpperCase();
  if (v === "PA") return "PA";
  if (v === "AP") return "AP";
  if (v === "LATERAL" || v === "LL" || v === "RL" || v === "LAT") return "lateral";
  return null;
}
