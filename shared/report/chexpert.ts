import { CHEXPERT_LABELS, type ChexpertLabel, type ChexpertValue, type MentionStatus, type Observation } from "./types.js";

/** CheXpert's encoding: positive 1, negative 0, uncertain -1, not mentioned blank (null). */
export function toChexpertValue(status: MentionStatus): ChexpertValue {
  switch (status) {
    case "positive":
      return 1;
    case "negative":
      return 0;
    case "uncertain":
      return -1;
    case "absent":
      return null;
  }
}

export function fromChexpertValue(value: ChexpertValue): MentionStatus {
  return value === 1 ? "positive" : value === 0 ? "negative" : value === -1 ? "uncertain" : "absent";
}

export function labelValues(observations: Record<ChexpertLabel, Observation>): Record<ChexpertLabel, ChexpertValue> {
  const out = {} as Record<ChexpertLabel, ChexpertValue>;
  for (const label of CHEXPERT_LABELS) out[label] = toChexpertValue(observations[label].status);
  return out;
}

/** Uncertain counts as a mention of the finding (the "U-Ones" reading used in evaluations). */
export function isPositiveOrUncertain(value: ChexpertValue): boolean {
  return value === 1 || value === -1;
}
