import { CHEXPERT_LABELS, type ChexpertLabel, type Laterality, type Mention, type MentionStatus, type Observation, type Severity } from "../types.js";
import { SEVERITY_RANK } from "../lexicon/modifiers.js";

const STATUS_RANK: Record<MentionStatus, number> = { absent: 0, negative: 1, uncertain: 2, positive: 3 };

export interface LabelledMention {
  label: Exclude<ChexpertLabel, "No Finding">;
  mention: Mention;
  laterality: Laterality | null;
  severity: Severity | null;
}

/**
 * CheXpert's aggregation: per label, positive > uncertain > negative over all mentions.
 * Laterality and severity come from the mentions carrying the winning status (a negated
 * "no left effusion" says nothing about the side of an asserted one); mixed sides make
 * "bilateral", several amounts give the most severe. No Finding follows CheXpert: positive when
 * no label other than Support Devices is positive or uncertain, otherwise not mentioned (CheXpert
 * never writes 0 for No Finding).
 */
export function aggregate(mentions: LabelledMention[]): Record<ChexpertLabel, Observation> {
  const out = {} as Record<ChexpertLabel, Observation>;
  for (const label of CHEXPERT_LABELS) out[label] = { status: "absent", mentions: [], laterality: null, severity: null };
  for (const m of mentions) {
    const obs = out[m.label];
    obs.mentions.push(m.mention);
    if (STATUS_RANK[m.mention.status] > STATUS_RANK[obs.status]) obs.status = m.mention.status;
  }
  for (const label of CHEXPERT_LABELS) {
    const obs = out[label];
    if (obs.status !== "positive" && obs.status !== "uncertain") continue;
    const winners = mentions.filter((m) => m.label === label && m.mention.status === obs.status);
    obs.laterality = mergeLaterality(winners.map((m) => m.laterality));
    obs.severity = mergeSeverity(winners.map((m) => m.severity));
  }
  const finding = CHEXPERT_LABELS.some(
    (l) => l !== "No Finding" && l !== "Support Devices" && (out[l].status === "positive" || out[l].status === "uncertain"),
  );
  if (!finding) out["No Finding"].status = "positive";
  return out;
}

function mergeLaterality(sides: Array<Laterality | null>): Laterality | null {
  let result: Laterality | null = null;
  for (const s of sides) {
    if (s === null) continue;
    if (result === null) result = s;
    else if (result !== s) return "bilateral";
  }
  return result;
}

function mergeSeverity(amounts: Array<Severity | null>): Severity | null {
  let result: Severity | null = null;
  for (const a of amounts) if (a !== null && (result === null || SEVERITY_RANK[a] > SEVERITY_RANK[result])) result = a;
  return result;
}
