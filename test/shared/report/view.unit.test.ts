import { describe, expect, it } from "vitest";
import { parseReport } from "../../../shared/report/index.js";

const view = (text: string) => {
  const { evidence: _evidence, ...rest } = parseReport(text).view;
  return rest;
};
const none = { projection: null, lateral: false, portable: false, position: null, rotated: false, limitedInspiration: false };

describe("view and posture", () => {
  it.each([
    ["PA and lateral views of the chest.", { projection: "PA", lateral: true }],
    ["EXAMINATION: CHEST (PA AND LAT)", { projection: "PA", lateral: true }],
    ["Frontal and lateral views of the chest.", { lateral: true }],
    ["Portable AP chest radiograph.", { projection: "AP", portable: true }],
    ["Single portable view of the chest.", { projection: "AP", portable: true }],
    ["Supine AP view.", { projection: "AP", position: "supine" }],
    ["Semi-upright portable radiograph.", { projection: "AP", portable: true, position: "semi-erect" }],
    ["Upright PA view.", { projection: "PA", position: "erect" }],
    ["The patient is rotated.", { rotated: true }],
    ["No rotation.", {}],
    ["Low lung volumes.", { limitedInspiration: true }],
    ["Poor inspiratory effort limits evaluation.", { limitedInspiration: true }],
    ["The lungs are hypoinflated.", { limitedInspiration: true }],
    ["Lungs are clear.", {}],
    ["Main PA is enlarged, suggesting pulmonary hypertension.", {}],
  ] as const)("%s", (text, expected) => {
    expect(view(text)).toEqual({ ...none, ...expected });
  });

  it("ignores the indication and comparison sections", () => {
    expect(view("INDICATION: portable film requested\nCOMPARISON: AP view from ___\nFINDINGS: Lungs are clear.")).toEqual(none);
  });

  it("returns evidence spans into the input", () => {
    const text = "FINDINGS: PA and lateral views. Low lung volumes.";
    const spans = parseReport(text).view.evidence.map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual(["PA", "PA and lateral", "Low lung volumes"]);
  });
});
