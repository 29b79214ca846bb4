import type { ChexpertLabel } from "../../shared/report/index.js";

/**
 * How the Indiana University curators' MeSH terms (`term/qualifier/...`) map onto CheXpert
 * labels, for evaluation only. Rationale and the deliberately unmapped terms are listed in
 * docs/report-parser.md. A rule matches on the main term, optionally requiring a qualifier.
 */
interface MeshRule {
  term: string;
  /** Qualifier required among the term's qualifiers (lower case), if any. */
  qualifier?: RegExp;
  label: ChexpertLabel;
}

export const MESH_RULES: readonly MeshRule[] = [
  { term: "normal", label: "No Finding" },
  { term: "Cardiomegaly", label: "Cardiomegaly" },
  { term: "Cardiac Shadow", qualifier: /^enlarged$/, label: "Cardiomegaly" },
  { term: "Mediastinum", qualifier: /^(?:widened|enlarged|prominent)$/, label: "Enlarged Cardiomediastinum" },
  { term: "Opacity", label: "Lung Opacity" },
  { term: "Airspace Disease", label: "Lung Opacity" },
  { term: "Infiltrate", label: "Lung Opacity" },
  { term: "Density", qualifier: /^lung$/, label: "Lung Opacity" },
  { term: "Markings", qualifier: /^interstitial$/, label: "Lung Opacity" },
  { term: "Nodule", label: "Lung Lesion" },
  { term: "Mass", label: "Lung Lesion" },
  { term: "Cavitation", label: "Lung Lesion" },
  { term: "Pulmonary Edema", label: "Edema" },
  { term: "Pulmonary Congestion", label: "Edema" },
  { term: "Heart Failure", label: "Edema" },
  { term: "Consolidation", label: "Consolidation" },
  { term: "Pneumonia", label: "Pneumonia" },
  { term: "Pulmonary Atelectasis", label: "Atelectasis" },
  { term: "Pneumothorax", label: "Pneumothorax" },
  { term: "Hydropneumothorax", label: "Pneumothorax" },
  { term: "Hydropneumothorax", label: "Pleural Effusion" },
  { term: "Pleural Effusion", label: "Pleural Effusion" },
  { term: "Costophrenic Angle", qualifier: /^blunted$/, label: "Pleural Effusion" },
  { term: "Sulcus", qualifier: /^blunted$/, label: "Pleural Effusion" },
  { term: "Thickening", qualifier: /^pleura/, label: "Pleural Other" },
  { term: "Cicatrix", qualifier: /^pleura/, label: "Pleural Other" },
  { term: "Fractures, Bone", label: "Fracture" },
  { term: "Catheters, Indwelling", label: "Support Devices" },
  { term: "Implanted Medical Device", label: "Support Devices" },
  { term: "Medical Device", label: "Support Devices" },
  { term: "Tube, Inserted", label: "Support Devices" },
  { term: "Surgical Instruments", label: "Support Devices" },
  { term: "Stents", label: "Support Devices" },
  { term: "Pacemaker, Artificial", label: "Support Devices" },
  { term: "Prostheses and Implants", label: "Support Devices" },
  { term: "Heart Valve Prosthesis", label: "Support Devices" },
];

/** Labels the MeSH annotation can speak for (a label no rule targets is not scored). */
export const MESH_COVERED_LABELS: readonly ChexpertLabel[] = [...new Set(MESH_RULES.map((r) => r.label))];

/** "No Indexing" rows carry no annotation and are left out of label scores. */
export function isUnindexed(mesh: string): boolean {
  return mesh.trim() === "" || /^no indexing$/i.test(mesh.trim());
}

export function meshLabels(mesh: string): Set<ChexpertLabel> {
  const out = new Set<ChexpertLabel>();
  for (const entry of mesh.split(";")) {
    const [term = "", ...qualifiers] = entry.trim().split("/").map((p) => p.trim());
    for (const rule of MESH_RULES) {
      if (rule.term.toLowerCase() !== term.toLowerCase()) continue;
      if (rule.qualifier !== undefined && !qualifiers.some((q) => rule.qualifier!.test(q.toLowerCase()))) continue;
      out.add(rule.label);
    }
  }
  return out;
}
