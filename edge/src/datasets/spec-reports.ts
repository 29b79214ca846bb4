/**
 * Synthesises report texts from a dataset spec (per-label prevalence, view mix) with a seeded RNG,
 * so the same spec and seed always give the same reports. Each report states every positive label
 * with a fixed sentence and negates the rest briefly, in the plain style of real reports, so the
 * report parser recovers exactly the sampled labels.
 */
import type { DatasetSpec } from "../../../shared/api/index.js";
import { createRng } from "../../../shared/random.js";
import { CHEXPERT_LABELS, type ChexpertLabel } from "../../../shared/report/index.js";

const POSITIVE: Record<ChexpertLabel, string> = {
  "No Finding": "The lungs are clear. The cardiomediastinal silhouette is normal.",
  "Enlarged Cardiomediastinum": "The cardiomediastinal silhouette is enlarged.",
  Cardiomegaly: "There is cardiomegaly.",
  "Lung Opacity": "There is an opacity in the right lower lobe.",
  "Lung Lesion": "There is a nodule in the left upper lobe.",
  Edema: "There is pulmonary edema.",
  Consolidation: "There is consolidation in the right lower lobe.",
  Pneumonia: "Findings are consistent with pneumonia.",
  Atelectasis: "There is bibasilar atelectasis.",
  Pneumothorax: "There is a right pneumothorax.",
  "Pleural Effusion": "There is a left pleural effusion.",
  "Pleural Other": "There is pleural thickening.",
  Fracture: "There is a rib fracture.",
  "Support Devices": "An endotracheal tube is in place.",
};

/** Negations stated when the label is not sampled (the rest are simply not mentioned). */
const NEGATIVE: Partial<Record<ChexpertLabel, string>> = {
  Pneumothorax: "No pneumothorax.",
  "Pleural Effusion": "No pleural effusion.",
  Cardiomegaly: "The heart size is normal.",
};

export interface SpecReport {
  text: string;
  labels: ChexpertLabel[];
  projection: "PA" | "AP";
}

function pickView(spec: DatasetSpec, u: number): "PA" | "AP" {
  const pa = spec.views?.PA ?? (spec.views ? 0 : 1);
  const ap = spec.views?.AP ?? 0;
  const total = pa + ap;
  if (total <= 0) return "PA";
  return u * total < pa ? "PA" : "AP";
}

export function synthesiseReports(spec: DatasetSpec, seed: number): SpecReport[] {
  const rng = createRng(seed).fork("dataset-spec");
  const reports: SpecReport[] = [];
  for (let i = 0; i < spec.count; i++) {
    const positives = CHEXPERT_LABELS.filter((label) => label !== "No Finding" && rng.chance(spec.labels[label] ?? 0));
    const normal = positives.length === 0;
    const projection = pickView(spec, rng.next());
    const sentences = normal ? [POSITIVE["No Finding"]] : positives.map((label) => POSITIVE[label]);
    for (const [label, negation] of Object.entries(NEGATIVE)) if (!positives.includes(label as ChexpertLabel)) sentences.push(negation);
    const viewSentence = projection === "PA" ? "PA view of the chest." : "Portable AP view of the chest.";
    const impression = normal ? "No acute cardiopulmonary process." : "Findings as described above.";
    reports.push({ text: `FINDINGS: ${viewSentence} ${sentences.join(" ")}\nIMPRESSION: ${impression}`, labels: normal ? ["No Finding"] : positives, projection });
  }
  return reports;
}
