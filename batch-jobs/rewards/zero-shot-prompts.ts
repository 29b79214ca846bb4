/**
 * Text prompts for zero-shot label scoring with the dual encoder: a film's score for a label is
 * cos(film, positive) − cos(film, negative). Phrased as a radiologist would, one sentence each.
 */
import type { ChexpertLabel } from "../../shared/report/types.js";

export const ZERO_SHOT_PROMPTS: Record<ChexpertLabel, { positive: string; negative: string }> = {
  "No Finding": { positive: "IMPRESSION: No acute cardiopulmonary process.", negative: "IMPRESSION: Acute cardiopulmonary abnormality." },
  "Enlarged Cardiomediastinum": { positive: "FINDINGS: The mediastinum is widened.", negative: "FINDINGS: The mediastinum is not widened." },
  Cardiomegaly: { positive: "FINDINGS: The heart is enlarged.", negative: "FINDINGS: The heart is normal in size." },
  "Lung Opacity": { positive: "FINDINGS: Hazy airspace opacity.", negative: "FINDINGS: No airspace opacity." },
  "Lung Lesion": { positive: "FINDINGS: Pulmonary nodule.", negative: "FINDINGS: No pulmonary nodules or masses." },
  Edema: { positive: "FINDINGS: Pulmonary edema.", negative: "FINDINGS: No pulmonary edema." },
  Consolidation: { positive: "FINDINGS: Focal consolidation.", negative: "FINDINGS: No focal consolidation." },
  Pneumonia: { positive: "FINDINGS: Findings consistent with pneumonia.", negative: "FINDINGS: No evidence of pneumonia." },
  Atelectasis: { positive: "FINDINGS: Atelectasis.", negative: "FINDINGS: No atelectasis." },
  Pneumothorax: { positive: "FINDINGS: Pneumothorax.", negative: "FINDINGS: There is no pneumothorax." },
  "Pleural Effusion": { positive: "FINDINGS: Pleural effusion.", negative: "FINDINGS: No pleural effusion." },
  "Pleural Other": { positive: "FINDINGS: Pleural thickening.", negative: "FINDINGS: No pleural thickening." },
  Fracture: { positive: "FINDINGS: Rib fracture.", negative: "FINDINGS: No displaced fracture." },
  "Support Devices": { positive: "FINDINGS: Endotracheal tube in satisfactory position.", negative: "FINDINGS: No lines or tubes." },
};
