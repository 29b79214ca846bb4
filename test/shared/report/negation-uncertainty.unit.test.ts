import { describe, expect, it } from "vitest";
import { parseReport, type ChexpertLabel } from "../../../shared/report/index.js";

const value = (text: string, label: ChexpertLabel) => parseReport(text).labels[label];

describe("negation (pre and post cues)", () => {
  it.each([
    ["No evidence of pneumothorax.", "Pneumothorax"],
    ["There is no pleural effusion or pneumothorax.", "Pneumothorax"],
    ["Without focal consolidation.", "Consolidation"],
    ["Negative for pneumothorax.", "Pneumothorax"],
    ["Lungs are free of consolidation.", "Consolidation"],
    ["Lungs are clear of consolidation.", "Consolidation"],
    ["Pneumothorax is not identified.", "Pneumothorax"],
    ["The chest tube has been removed.", "Support Devices"],
    ["Resolution of the right effusion.", "Pleural Effusion"],
    ["No focal consolidation, pleural effusion, or pneumothorax.", "Pneumothorax"],
    ["No suspicious pulmonary opacity.", "Lung Opacity"],
    ["There is no pleural line to suggest pneumothorax.", "Pneumothorax"],
  ] as const)("%s → %s negative", (text, label) => {
    expect(value(text, label)).toBe(0);
  });

  it("ends the scope at clause boundaries", () => {
    expect(value("No pneumothorax, but there is a small left effusion.", "Pleural Effusion")).toBe(1);
    expect(value("No pneumothorax; small left effusion.", "Pleural Effusion")).toBe(1);
    expect(value("No pneumothorax. Small left effusion.", "Pleural Effusion")).toBe(1);
    expect(value("No consolidation, however there is mild edema.", "Edema")).toBe(1);
    expect(value("No focal airspace disease other than bibasilar atelectasis.", "Atelectasis")).toBe(1);
  });

  it("ends a negated list at an item that opens with a size word or a hedge", () => {
    expect(value("No pneumothorax, small left effusion.", "Pleural Effusion")).toBe(1);
    expect(value("No effusion, possible atelectasis.", "Atelectasis")).toBe(-1);
    // An "or" later in the sentence shows that the size word belongs to one negated list.
    expect(value("No focal consolidation, large pleural effusion, or pneumothorax.", "Pleural Effusion")).toBe(0);
  });

  it("ignores pseudo-negations", () => {
    expect(value("No significant change in the moderate left effusion.", "Pleural Effusion")).toBe(1);
    expect(value("Not significantly changed right lower lobe opacity.", "Lung Opacity")).toBe(1);
    expect(value("Partially resolved right lower lobe pneumonia.", "Pneumonia")).toBe(1);
    expect(value("A pleural line with absent lung markings peripherally indicates a small pneumothorax.", "Pneumothorax")).toBe(1);
  });
});

describe("uncertainty", () => {
  it.each([
    ["Possible small left effusion.", "Pleural Effusion"],
    ["Probable right lower lobe pneumonia.", "Pneumonia"],
    ["Opacity may represent atelectasis.", "Atelectasis"],
    ["Findings suggestive of pneumonia.", "Pneumonia"],
    ["Opacity likely atelectasis.", "Atelectasis"],
    ["Cannot exclude early pneumonia.", "Pneumonia"],
    ["Pneumonia cannot be excluded.", "Pneumonia"],
    ["Superimposed infection is not excluded.", "Pneumonia"],
    ["Concerning for pneumonia.", "Pneumonia"],
    ["Questionable right apical pneumothorax.", "Pneumothorax"],
    ["Atelectasis versus consolidation.", "Consolidation"],
    ["Atelectasis versus consolidation.", "Atelectasis"],
    ["Small effusion is possible.", "Pleural Effusion"],
    ["Possible small bilateral pleural effusions.", "Pleural Effusion"],
  ] as const)("%s → %s uncertain", (text, label) => {
    expect(value(text, label)).toBe(-1);
  });

  it("lets the nearest cue decide between negation and uncertainty", () => {
    expect(value("No pneumothorax. Possible small effusion.", "Pneumothorax")).toBe(0);
    expect(value("Possible small effusion, no pneumothorax.", "Pneumothorax")).toBe(0);
    expect(value("Possible small effusion, no pneumothorax.", "Pleural Effusion")).toBe(-1);
  });

  it("does not let a hedge reach far", () => {
    expect(value("Possible nipple shadow overlying the left lower lung with adjacent atelectasis.", "Atelectasis")).toBe(1);
  });
});
