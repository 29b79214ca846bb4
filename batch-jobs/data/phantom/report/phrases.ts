/**
 * Phrase tables of the report writer: view statements, indications, comparison lines, and the
 * sentences that state findings (positive, hedged) or negate them. Each sentence lists the CheXpert
 * labels it asserts, so the labels of a film are exactly what its report says.
 */
import type { ChexpertLabel, PatientPosition, Projection } from "../../../../shared/report/types.js";

export type Assertion = Partial<Record<ChexpertLabel, 1 | 0 | -1>>;
export interface Sentence {
  text: string;
  asserts: Assertion;
}

export interface ViewFacts {
  projection: Projection;
  position: PatientPosition;
  portable: boolean;
}

export function viewPhrases(v: ViewFacts): string[] {
  if (v.projection === "PA") return ["PA view of the chest", "Single PA view of the chest", "Frontal PA radiograph of the chest", "PA upright view of the chest"];
  const port = v.portable ? "portable " : "";
  if (v.position === "supine") return [`Single ${port}AP supine view of the chest`, `${port}AP supine radiograph of the chest`, `Supine ${port}AP view of the chest`];
  if (v.position === "semi-erect") return [`Single ${port}semi-erect AP view of the chest`, `${port}AP semi-upright view of the chest`];
  return [`Single ${port}AP upright view of the chest`, `${port}AP upright radiograph of the chest`, `Single ${port}AP view of the chest`];
}

/** Clinical indications free of finding words, so the indication never changes a label. */
export const INDICATIONS = [
  "Shortness of breath.",
  "Cough.",
  "Chest pain.",
  "Fever and cough.",
  "Dyspnea.",
  "Hypoxia.",
  "Preoperative evaluation.",
  "Status post fall.",
  "Evaluate for interval change.",
  "___-year-old with shortness of breath.",
  "___ with chest pain.",
  "Weakness.",
];

/** Comparison lines: no dates or numbers; de-identification placeholders only where realistic. */
export const COMPARISONS_PLAIN = ["None.", "None available.", "No prior studies for comparison."];
export const COMPARISONS_PLACEHOLDER = ["___.", "Chest radiograph ___.", "Prior study from XXXX.", "Radiograph dated ___.", "XXXX."];

export const NORMAL_IMPRESSIONS = [
  "No acute cardiopulmonary process.",
  "No acute cardiopulmonary abnormality.",
  "No acute intrathoracic process.",
];

export const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
