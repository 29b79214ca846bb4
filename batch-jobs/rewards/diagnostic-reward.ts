/**
 * Diagnostic-condition reward r_diag ∈ [0, 1]: how well the classifier's probabilities agree
 * with the condition the report library parses from the report — a weighted mean of agreement
 * p (target present) or 1 − p (target absent) over the report's labels and stated view:
 *
 * | report says        | target  | weight | why |
 * |--------------------|---------|--------|-----|
 * | positive (1)       | present | 1      | must be visible |
 * | negative (0)       | absent  | 1      | must not be drawn |
 * | uncertain (−1)     | present | 0.5    | hedged findings are drawn, subtly (simulator convention) |
 * | not mentioned      | absent  | 0.5    | reports omit normal findings; the generator should not invent them |
 * | projection stated  | PA / AP | 1      | P(AP) from the classifier's view head |
 * | position stated    | erect / semi-erect / supine | 1 | softmax of the position head |
 *
 * 1 = the classifier sees exactly the stated condition; 0.5 ≈ uninformative; 0 = the opposite.
 */
import { CHEXPERT_LABELS, type ReportCondition } from "../../shared/report/types.js";
import { LABEL_COUNT, POSITIONS } from "./targets.js";

export const DIAGNOSTIC_WEIGHTS = { stated: 1, uncertain: 0.5, notMentioned: 0.5, view: 1 } as const;

export interface ClassifierRow {
  /** 14 probabilities, CHEXPERT_LABELS order. */
  labels: ArrayLike<number>;
  apProbability: number;
  /** 3 probabilities: erect, semi-erect, supine. */
  position: ArrayLike<number>;
}

export function diagnosticReward(row: ClassifierRow, condition: ReportCondition): number {
  let [sum, weights] = [0, 0];
  const add = (agreement: number, w: number) => {
    sum += w * agreement;
    weights += w;
  };
  for (let j = 0; j < LABEL_COUNT; j++) {
    const p = row.labels[j]!;
    const v = condition.labels[CHEXPERT_LABELS[j]!];
    if (v === 1) add(p, DIAGNOSTIC_WEIGHTS.stated);
    else if (v === 0) add(1 - p, DIAGNOSTIC_WEIGHTS.stated);
    else if (v === -1) add(p, DIAGNOSTIC_WEIGHTS.uncertain);
    else add(1 - p, DIAGNOSTIC_WEIGHTS.notMentioned);
  }
  const projection = condition.view.projection;
  if (projection === "AP") add(row.apProbability, DIAGNOSTIC_WEIGHTS.view);
  else if (projection === "PA") add(1 - row.apProbability, DIAGNOSTIC_WEIGHTS.view);
  const position = condition.view.position;
  if (position !== null) add(row.position[POSITIONS.indexOf(position)]!, DIAGNOSTIC_WEIGHTS.view);
  return sum / weights;
}
