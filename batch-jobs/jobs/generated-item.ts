/** A generated film as a dataset item: labels and view from the report it was generated for. */
import type { CanonicalReport } from "../../shared/report/types.js";
import type { DatasetItem } from "../data/dataset/dataset-item.js";
import { tensorToFilm } from "../data/tensors/film-tensor.js";

export function generatedItem(o: {
  id: string; ordinal: number; size: number; films: Float32Array; index: number;
  report: string; canonical: CanonicalReport; seed: number; modelVersion: string; quality: Record<string, number> | null;
}): DatasetItem {
  const n = o.size * o.size;
  const c = o.canonical.condition;
  return {
    id: o.id,
    ordinal: o.ordinal,
    width: o.size,
    height: o.size,
    pixels: tensorToFilm(o.films, o.index * n, n),
    report: o.report,
    labels: c.labels,
    laterality: c.laterality,
    severity: c.severity,
    view: c.view.projection === "AP" ? "AP" : "PA",
    position: c.view.position,
    portable: c.view.portable,
    posture: null,
    seed: o.seed,
    generator: { kind: "diffusion", version: o.modelVersion },
    quality: o.quality,
  };
}
