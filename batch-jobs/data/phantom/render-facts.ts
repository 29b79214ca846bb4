/**
 * What the renderer measured while drawing one film, read by the report writer (so the report
 * states the size it drew) and flattened into `truth.details`. Each field exists exactly when its
 * finding was drawn; a reader that needs one and finds none throws (a render/report mismatch is a
 * bug, never a silent default). Lengths are in canonical film units (1 = the film's width, ~40 cm),
 * rounded to 1e-3 as recorded.
 */
import type { DeviceKind, Lobe } from "./findings.js";

export interface RenderFacts {
  /** Lobe of the lobar consolidation (Consolidation, or Pneumonia seen as one). */
  consolidationLobe?: Lobe;
  /** The lung lesion's diameter and centre (u right, v down). */
  lesion?: { diameter: number; u: number; v: number };
  /** Height of the effusion's meniscus above the costophrenic angle. */
  effusionHeight?: number;
  /** Depth of the pneumothorax rim. */
  pneumothoraxDepth?: number;
  /** How far the endotracheal tube's tip lies above the carina. */
  ettTipAboveCarina?: number;
  /** The support devices drawn, in drawing order. */
  devices?: readonly DeviceKind[];
}

/** The precision facts are recorded (and reported) at. */
export const roundFact = (x: number): number => Math.round(x * 1000) / 1000;

/** `fact`, or an error naming what the renderer should have recorded. */
export function requireFact<T>(fact: T | undefined, name: keyof RenderFacts, reader: string): T {
  if (fact === undefined) throw new Error(`${reader}: the render recorded no ${name} (render and report disagree on what was drawn)`);
  return fact;
}

/** The facts as `truth.details` keys, in the order the film's drawing records them. */
export function factDetails(f: RenderFacts): Record<string, number | string> {
  const d: Record<string, number | string> = {};
  if (f.consolidationLobe !== undefined) d["consolidation.lobe"] = f.consolidationLobe;
  if (f.lesion !== undefined) Object.assign(d, { "lesion.diameter": f.lesion.diameter, "lesion.u": f.lesion.u, "lesion.v": f.lesion.v });
  if (f.effusionHeight !== undefined) d["effusion.height"] = f.effusionHeight;
  if (f.pneumothoraxDepth !== undefined) d["pneumothorax.depth"] = f.pneumothoraxDepth;
  if (f.ettTipAboveCarina !== undefined) d["device.ettTipAboveCarina"] = f.ettTipAboveCarina;
  if (f.devices !== undefined) d["devices"] = f.devices.join(",");
  return d;
}
