/**
 * The canonical render of one film: lays down airways, findings, the thorax field, bones,
 * vessels and devices on the canonical canvas, and adds their line integrals. Posture and
 * detector effects come after (acquire.ts), so this map is the same whatever ψ is. The returned
 * map is a pooled layer: valid until the next render on a canvas of the same size; the facts say
 * what was drawn how big (render-facts.ts).
 */
import type { Rng } from "../../../shared/random.js";
import type { Anatomy } from "./anatomy.js";
import { drawDevices } from "./devices.js";
import type { FindingSet } from "./findings.js";
import { drawParenchyma, pleuralGeometry } from "./lesions.js";
import { addEllipsoid, layers, strokePolyline, writeNoiseOctaves, type Canvas } from "./raster.js";
import type { RenderFacts } from "./render-facts.js";
import { drawSkeleton, type FractureSpec } from "./skeleton.js";
import { renderThorax } from "./thorax.js";
import { drawBronchi, drawBronchialWalls, drawVessels, growVesselTrees } from "./vessels.js";

export function renderCanonical(
  c: Canvas,
  an: Anatomy,
  findings: FindingSet,
  supine: boolean,
  rng: Rng,
): { atten: Float32Array; facts: RenderFacts } {
  const size = c.n * c.n;
  const [fill, dense, scratch, airways, bones, vessels, metal, bronchiLayer, atten, aerated, ribsP, ribsA, girdle] = layers(c, 13) as [
    Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array,
    Float32Array, Float32Array, Float32Array,
  ];
  // Trachea and main bronchi (the left one longer and more horizontal).
  strokePolyline(airways, c, [an.midU, -0.66, an.midU, an.carinaV], [0.017, 0.016], 0.42, "tube");
  strokePolyline(airways, c, [an.midU, an.carinaV, an.midU - an.hilumU + 0.02, an.hilumV - 0.015], [0.01, 0.008], 0.3, "tube");
  strokePolyline(airways, c, [an.midU, an.carinaV, an.midU + an.hilumU - 0.01, an.hilumV - 0.03], [0.01, 0.008], 0.3, "tube");

  // Parenchymal mottling: two octaves of value noise as a few % of alveolar air replaced.
  writeNoiseOctaves(fill, c, rng.fork("texture").next, [{ cells: 14, amp: 0.07 }, { cells: 38, amp: 0.05 }]);
  const parenchyma = drawParenchyma(fill, dense, scratch, c, an, findings, rng.fork("parenchyma"));
  // Breast / pectoral soft tissue over the lower lung zones (lighter bases, as on many films).
  if (an.breastAtten > 0) {
    for (const sign of [-1, 1]) addEllipsoid(dense, c, an.midU + sign * 0.24, an.domeRightV - 0.02, 0.2, 0.13, 0, an.breastAtten);
  }
  const { pleura, facts: pleural } = pleuralGeometry(findings, supine, rng.fork("pleura"));
  renderThorax(c, { anatomy: an, pleura, fill, airways }, { atten, aerated });

  const frac = findings.get("Fracture");
  let fracture: FractureSpec | null = null;
  if (frac) {
    const weak = frac.certainty === "uncertain";
    fracture = {
      sign: frac.laterality === "left" ? 1 : -1,
      rib: frac.rib ?? 6,
      offset: weak ? 0.004 : frac.healing ? 0.006 : 0.011,
      gap: weak ? 0.004 : 0.007,
      callus: frac.healing ? 0.02 : 0,
    };
  }
  drawSkeleton({ posterior: ribsP, anterior: ribsA, girdle, solid: bones }, c, an, fracture);

  const edema = findings.get("Edema");
  const trees = growVesselTrees(rng.fork("vessels"), an, edema ? 1.3 : 0.9, c.n <= 200 ? 4 : 5);
  drawVessels(vessels, c, trees, edema ? 1.25 : 1);
  drawBronchialWalls(vessels, c, trees);
  const hasAirspace = findings.has("Consolidation") || findings.has("Pneumonia");
  const bronchi = hasAirspace ? bronchiLayer : null;
  if (bronchi) drawBronchi(bronchi, c, trees);

  const facts: RenderFacts = { ...parenchyma, ...pleural };
  const devices = findings.get("Support Devices");
  if (devices?.devices) {
    Object.assign(facts, drawDevices(metal, c, an, devices.devices, rng.fork("devices")));
    facts.devices = devices.devices;
  }
  for (let k = 0; k < size; k++) {
    let a = atten[k]! + bones[k]! + ribsP[k]! + ribsA[k]! + girdle[k]! + vessels[k]! * aerated[k]! + dense[k]! + metal[k]!;
    // Air bronchograms: bronchi show as dark branches only where alveoli around them are filled.
    if (bronchi !== null) {
      const f = fill[k]!;
      if (f > 0.4) a -= bronchi[k]! * (f > 1 ? 1 : f) * 0.8;
    }
    atten[k] = a;
  }
  return { atten, facts };
}
