/**
 * The structured condition as model input: the report library's parsed condition (the same
 * canonical form the cache key is computed from) becomes CONDITION_TOKENS integer-coded tokens,
 * one per CheXpert label (label, status, laterality, severity) plus one view token. Each token's
 * embedding is the sum of one row from each of four small tables (condition-encoder in graphs.ts),
 * so every combination is representable without a table per combination. Real radiologists'
 * phrasing reaches the model through these tokens even when the text encoder has never seen it.
 */
import { IDENTITY, type PostureLike } from "../../shared/metrics/posture-error.js";
import { CHEXPERT_LABELS, type ChexpertValue, type ReportCondition } from "../../shared/report/types.js";

export const CONDITION_TOKENS = CHEXPERT_LABELS.length + 1;
/** Codes per field; 0 is always "not stated". */
export const FIELD_SIZES = { slot: CONDITION_TOKENS, status: 5, laterality: 4, severity: 8 } as const;
export const CONDITION_FIELDS = ["slot", "status", "laterality", "severity"] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

const STATUS: Record<string, number> = { null: 0, "1": 1, "0": 2, "-1": 3 };
const LATERALITY = { left: 1, right: 2, bilateral: 3 } as const;
const SEVERITY = { trace: 1, minimal: 2, small: 3, mild: 4, moderate: 5, large: 6, severe: 7 } as const;
/** View token codes reuse the four fields: status = projection, laterality = position, severity = flags. */
const PROJECTION = { PA: 1, AP: 2, lateral: 3 } as const;
const POSITION = { erect: 1, "semi-erect": 2, supine: 3 } as const;

export type ConditionCodes = Record<ConditionField, number[]>;

export function encodeCondition(c: ReportCondition): ConditionCodes {
  const codes: ConditionCodes = { slot: [], status: [], laterality: [], severity: [] };
  CHEXPERT_LABELS.forEach((label, i) => {
    const value: ChexpertValue = c.labels[label];
    codes.slot.push(i);
    codes.status.push(STATUS[String(value)]!);
    const lat = c.laterality[label];
    const sev = c.severity[label];
    codes.laterality.push(lat ? LATERALITY[lat] : 0);
    codes.severity.push(sev ? SEVERITY[sev] : 0);
  });
  const v = c.view;
  codes.slot.push(CHEXPERT_LABELS.length);
  codes.status.push(v.projection ? PROJECTION[v.projection] : 0);
  codes.laterality.push(v.position ? POSITION[v.position] : 0);
  // Flags packed in 3 bits: portable, rotated, limited inspiration (severity table has 8 rows).
  codes.severity.push((v.portable ? 1 : 0) | (v.rotated ? 2 : 0) | (v.limitedInspiration ? 4 : 0));
  return codes;
}

/** The same codes with the view token's projection and position "not stated" (flags kept), as most real reports leave them. */
export function withViewUnstated(codes: ConditionCodes): ConditionCodes {
  const view = CHEXPERT_LABELS.length;
  const unstated = (field: number[]) => field.map((v, j) => (j === view ? 0 : v));
  return { ...codes, status: unstated(codes.status), laterality: unstated(codes.laterality) };
}

/** Inputs of the posture condition (architecture.posture): ψ − identity, (s_x, s_y, t_x, t_y, θ). */
export const POSTURE_FEATURES = 5;
/** The simulator draws each within about ±0.08; ×10 brings them near unit scale for the encoder. */
const POSTURE_SCALE = 10;

/** ψ as the encoder's posture input: zero for the identity (upright, centred), the sampling default. */
export function encodePosture(p: PostureLike = IDENTITY): number[] {
  return [p.sx - 1, p.sy - 1, p.tx, p.ty, p.theta].map((v) => v * POSTURE_SCALE);
}
