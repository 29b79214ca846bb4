/**
 * What a generator hands the dataset writer for one image, and the adapter from the phantom
 * simulator's PhantomSample.
 */
import type { ChexpertLabel, ChexpertValue, Laterality, PatientPosition, Projection, Severity } from "../../../shared/report/types.js";
import type { ManifestLine } from "../../../shared/dataset/manifest.js";
import type { PhantomSample } from "../phantom/sample.js";

export interface DatasetItem {
  /** File name and DICOM PatientID; see shared/dataset/layout.ts ID_PATTERN. */
  id: string;
  /** 0-based position in the dataset; decides the shard folder (≤ 1000 per folder). */
  ordinal: number;
  width: number;
  height: number;
  /** 16-bit MONOCHROME2 samples (0 black … 65535 white); reduced to 8 bits on write if asked. */
  pixels: Uint16Array;
  report: string;
  labels: Record<ChexpertLabel, ChexpertValue>;
  laterality: Partial<Record<ChexpertLabel, Laterality>>;
  severity: Partial<Record<ChexpertLabel, Severity>>;
  view: Projection;
  position: PatientPosition | null;
  portable: boolean | null;
  posture: ManifestLine["posture"];
  seed: number;
  generator: ManifestLine["generator"];
  quality: Record<string, number> | null;
}

export function itemFromPhantomSample(sample: PhantomSample, id: string, ordinal: number): DatasetItem {
  const { truth } = sample;
  return {
    id,
    ordinal,
    width: sample.width,
    height: sample.height,
    pixels: sample.pixels,
    report: sample.report,
    labels: truth.labels,
    laterality: truth.laterality,
    severity: truth.severity,
    view: truth.projection,
    position: truth.position,
    portable: truth.portable,
    posture: { ...truth.posture },
    seed: sample.seed,
    generator: { kind: "phantom", version: sample.simulatorVersion },
    quality: null,
  };
}
