/**
 * Support devices as radiopaque strokes: endotracheal tube (stripe + faint wall, tip above the
 * carina), nasogastric tube (down the oesophagus into the gastric fundus), central venous line
 * (jugular or subclavian, tip in the SVC) and a pacemaker (metal generator, leads to RA and RV).
 */
import type { Rng } from "../../../shared/random.js";
import type { Anatomy } from "./anatomy.js";
import type { DeviceKind } from "./findings.js";
import { strokePolyline, type Canvas } from "./raster.js";
import { roundFact, type RenderFacts } from "./render-facts.js";

export type DeviceFacts = Pick<RenderFacts, "ettTipAboveCarina">;

/** Draws `kinds` into `buf`; returns where the ETT tip ended up (when there is one). */
export function drawDevices(buf: Float32Array, c: Canvas, an: Anatomy, kinds: readonly DeviceKind[], rng: Rng): DeviceFacts {
  const facts: DeviceFacts = {};
  const m = an.midU;
  for (const kind of kinds) {
    if (kind === "endotracheal tube") {
      const tipV = an.carinaV - rng.uniform(0.075, 0.14); // 3–5.5 cm above the carina on a 40 cm film
      const pts = [m + 0.004, -0.66, m + 0.003, an.apexV, m + 0.001, tipV];
      strokePolyline(buf, c, pts, [0.012, 0.012, 0.011], 0.22, "flat");
      strokePolyline(buf, c, pts, [0.0035, 0.0035, 0.0035], 1.1, "tube");
      facts.ettTipAboveCarina = roundFact(an.carinaV - tipV);
    } else if (kind === "nasogastric tube") {
      const d = an.domeLeftV;
      const pts = [m + 0.012, -0.66, m + 0.014, an.hilumV, m + 0.03, d - 0.01, m + 0.1, d + 0.06, m + 0.19, d + 0.09, m + 0.23, d + 0.07];
      strokePolyline(buf, c, pts, pts.map(() => 0.0035), 0.95, "tube");
    } else if (kind === "central line") {
      const tipV = an.hilumV - rng.uniform(0.0, 0.05);
      const pts = rng.chance(0.6)
        ? [m - 0.1, -0.66, m - 0.075, an.apexV + 0.02, m - 0.045, an.apexV + 0.15, m - 0.035, tipV]
        : [m + 0.33, an.clavicleV + 0.035, m + 0.15, an.clavicleV + 0.05, m - 0.02, an.apexV + 0.15, m - 0.035, tipV];
      strokePolyline(buf, c, pts, pts.map(() => 0.003), 0.9, "tube");
    } else {
      const gu = m + 0.22 + rng.uniform(-0.02, 0.02), gv = an.clavicleV + 0.08;
      strokePolyline(buf, c, [gu - 0.02, gv, gu + 0.02, gv], [0.032, 0.032], 3.0, "flat");
      const h = an.heart;
      const ra = [gu - 0.01, gv, m + 0.06, an.apexV + 0.12, m - 0.02, an.apexV + 0.24, m - 0.045, h.cv - 0.05];
      const rv = [gu - 0.01, gv, m + 0.07, an.apexV + 0.13, m - 0.01, an.apexV + 0.25, m + 0.0, h.cv, h.cu + 0.05, h.cv + 0.06];
      strokePolyline(buf, c, ra, ra.map(() => 0.0028), 1.3, "tube");
      strokePolyline(buf, c, rv, rv.map(() => 0.0028), 1.3, "tube");
    }
  }
  return facts;
}
