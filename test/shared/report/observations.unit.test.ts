import { describe, expect, it } from "vitest";
import { parseReport, type ChexpertLabel, type ChexpertValue } from "../../../shared/report/index.js";

// [report text, label, expected CheXpert value] — own fixtures in the style of MIMIC / IU reports.
type Case = readonly [string, ChexpertLabel, ChexpertValue];

const cases: Record<string, readonly Case[]> = {
  "cardiac size": [
    ["Heart size is normal.", "Cardiomegaly", 0],
    ["The heart is normal in size.", "Cardiomegaly", 0],
    ["Mild cardiomegaly.", "Cardiomegaly", 1],
    ["The cardiac silhouette is moderately enlarged.", "Cardiomegaly", 1],
    ["Enlarged cardiac silhouette.", "Cardiomegaly", 1],
    ["Borderline heart size.", "Cardiomegaly", -1],
    ["Heart size is at the upper limits of normal.", "Cardiomegaly", 0],
    ["The heart is not enlarged.", "Cardiomegaly", 0],
    ["Stable cardiomegaly.", "Cardiomegaly", 1],
    ["Cardiac pacemaker in place.", "Cardiomegaly", null],
    ["Findings consistent with congestive heart failure.", "Cardiomegaly", -1],
    ["Heart size is upper limits normal or mildly enlarged.", "Cardiomegaly", -1],
    ["The heart size is moderate to severely enlarged.", "Cardiomegaly", 1],
  ],
  "mediastinum": [
    ["The cardiomediastinal silhouette is within normal limits.", "Enlarged Cardiomediastinum", 0],
    ["The cardiomediastinal silhouette is within normal limits.", "Cardiomegaly", 0],
    ["Widened mediastinum.", "Enlarged Cardiomediastinum", 1],
    ["The mediastinum is widened, likely due to vascular ectasia.", "Enlarged Cardiomediastinum", 1],
    ["Mediastinal contours are unremarkable.", "Enlarged Cardiomediastinum", 0],
  ],
  "lung opacity": [
    ["Lungs are clear.", "Lung Opacity", 0],
    ["The lungs are clear bilaterally.", "Lung Opacity", 0],
    ["No focal airspace disease.", "Lung Opacity", 0],
    ["Patchy opacity in the right lower lobe.", "Lung Opacity", 1],
    ["Bibasilar airspace disease.", "Lung Opacity", 1],
    ["Hazy opacification of the left hemithorax.", "Lung Opacity", 1],
    ["Interstitial markings are increased.", "Lung Opacity", 1],
    ["Lung volumes are low.", "Lung Opacity", null],
    ["Apical pleural scarring.", "Lung Opacity", null],
    ["Vague density in the right mid lung.", "Lung Opacity", 1],
    ["A calcific density in the left midlung zone.", "Lung Opacity", null],
    ["Sclerotic density in a rib.", "Lung Opacity", null],
  ],
  "lung lesion": [
    ["8 mm nodule in the left lower lobe.", "Lung Lesion", 1],
    ["Right upper lobe mass.", "Lung Lesion", 1],
    ["No suspicious pulmonary nodules or masses.", "Lung Lesion", 0],
    ["Calcified granuloma in the right upper lobe.", "Lung Lesion", null],
    ["No mediastinal mass effect.", "Lung Lesion", null],
    ["Large masslike opacity in the right lung base.", "Lung Lesion", 1],
    ["No effusion seen, left hilar calcifications and a dense nodule in the left lung.", "Lung Lesion", 1],
  ],
  "edema": [
    ["Mild pulmonary edema.", "Edema", 1],
    ["No pulmonary edema.", "Edema", 0],
    ["Pulmonary vascular congestion.", "Edema", 1],
    ["Pulmonary vascularity is within normal limits.", "Edema", 0],
    ["Findings suggestive of mild interstitial edema.", "Edema", -1],
    ["Subcutaneous edema of the chest wall.", "Edema", null],
    ["Heart size and pulmonary vascular engorgement appear within limits of normal.", "Edema", 0],
    ["Mild central vascular prominence.", "Edema", -1],
  ],
  "consolidation and pneumonia": [
    ["No focal consolidation.", "Consolidation", 0],
    ["Right lower lobe consolidation.", "Consolidation", 1],
    ["Right lower lobe pneumonia.", "Pneumonia", 1],
    ["Cannot exclude pneumonia.", "Pneumonia", -1],
    ["Pneumonia cannot be excluded.", "Pneumonia", -1],
    ["Opacity may represent pneumonia.", "Pneumonia", -1],
    ["There is no focal air space opacity to suggest a pneumonia.", "Pneumonia", 0],
    ["Residuals of prior granulomatous infection.", "Pneumonia", null],
  ],
  "atelectasis": [
    ["Bibasilar atelectasis.", "Atelectasis", 1],
    ["Atelectasis vs pneumonia at the left base.", "Atelectasis", -1],
    ["Atelectasis vs pneumonia at the left base.", "Pneumonia", -1],
    ["Streaky opacities likely atelectasis.", "Atelectasis", -1],
    ["No atelectasis.", "Atelectasis", 0],
  ],
  "pneumothorax": [
    ["No pneumothorax.", "Pneumothorax", 0],
    ["Small right apical pneumothorax.", "Pneumothorax", 1],
    ["Resolved pneumothorax.", "Pneumothorax", 0],
    ["The left pneumothorax has resolved.", "Pneumothorax", 0],
    ["Pneumothorax is not seen.", "Pneumothorax", 0],
    ["The pleural spaces are clear.", "Pneumothorax", 0],
    ["Small medial left pleural air collection.", "Pneumothorax", 1],
  ],
  "pleural effusion": [
    ["No pleural effusion.", "Pleural Effusion", 0],
    ["Costophrenic angles are sharp.", "Pleural Effusion", 0],
    ["Possible small left effusion.", "Pleural Effusion", -1],
    ["Moderate right pleural effusion.", "Pleural Effusion", 1],
    ["Blunting of the left costophrenic angle.", "Pleural Effusion", -1],
    ["Small pericardial effusion.", "Pleural Effusion", null],
    ["Interval resolution of the left pleural effusion.", "Pleural Effusion", 0],
    ["No change in the small left effusion.", "Pleural Effusion", 1],
  ],
  "pleural other": [
    ["Biapical pleural thickening.", "Pleural Other", 1],
    ["Calcified pleural plaques.", "Pleural Other", 1],
  ],
  "fracture": [
    ["Old healed right rib fractures.", "Fracture", 1],
    ["No displaced rib fracture.", "Fracture", 0],
    ["If there is concern for rib fracture, consider dedicated rib films.", "Fracture", null],
    ["Nondisplaced fractures may not be demonstrated.", "Fracture", null],
    ["Degenerative changes of the spine.", "Fracture", null],
  ],
  "support devices": [
    ["ET tube terminates 4 cm above the carina.", "Support Devices", 1],
    ["Right internal jugular central venous catheter tip in the SVC.", "Support Devices", 1],
    ["Left chest wall pacemaker with leads in the right ventricle.", "Support Devices", 1],
    ["Median sternotomy wires are intact.", "Support Devices", 1],
    ["The endotracheal tube has been removed.", "Support Devices", 0],
    ["Right chest XXXX tip is visualized in the mid SVC.", "Support Devices", 1],
    ["Kerley B lines at the bases.", "Support Devices", null],
  ],
};

describe("parseReport: observation families", () => {
  for (const [family, list] of Object.entries(cases)) {
    describe(family, () => {
      it.each(list.map((c) => [...c]))("%s → %s = %s", (text, label, expected) => {
        expect(parseReport(text as string).labels[label as ChexpertLabel]).toBe(expected);
      });
    });
  }
});

describe("No Finding (CheXpert rule)", () => {
  it.each([
    ["No acute cardiopulmonary process.", 1],
    ["Normal chest.", 1],
    ["Heart size is normal. Lungs are clear. No effusion.", 1],
    ["ET tube in good position. Lungs are clear.", 1],
    ["Small left effusion.", null],
    ["Possible right lower lobe pneumonia.", null],
    ["Degenerative changes of the spine.", 1],
  ] as const)("%s → %s", (text, expected) => {
    expect(parseReport(text).labels["No Finding"]).toBe(expected);
  });
});

describe("aggregation over mentions (positive > uncertain > negative)", () => {
  it("keeps a positive mention over a negated one", () => {
    expect(parseReport("No pleural effusion on the right. Small left pleural effusion.").labels["Pleural Effusion"]).toBe(1);
  });
  it("keeps an uncertain mention over a negated one", () => {
    expect(parseReport("No large effusion. Possible small left effusion.").labels["Pleural Effusion"]).toBe(-1);
  });
  it("records evidence for every mention", () => {
    const text = "No pleural effusion. Small left pleural effusion.";
    const obs = parseReport(text).observations["Pleural Effusion"];
    expect(obs.mentions.map((m) => [text.slice(m.span.start, m.span.end), m.status])).toEqual([
      ["effusion", "negative"],
      ["effusion", "positive"],
    ]);
    expect(text.slice(obs.mentions[0]!.cue!.start, obs.mentions[0]!.cue!.end)).toBe("No");
  });
  it("does not label the indication or comparison sections", () => {
    const parsed = parseReport("INDICATION: Evaluate for pneumonia.\nCOMPARISON: Prior pneumothorax.\nFINDINGS: Heart size is normal.");
    expect(parsed.labels.Pneumonia).toBeNull();
    expect(parsed.labels.Pneumothorax).toBeNull();
  });
});
