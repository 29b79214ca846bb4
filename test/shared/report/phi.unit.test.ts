import { describe, expect, it } from "vitest";
import { findPhi, validateReport, type PhiKind } from "../../../shared/report/index.js";

const kinds = (text: string): PhiKind[] => findPhi(text).map((s) => s.kind);

describe("PHI detection", () => {
  it.each([
    ["Findings discussed with Dr. Smith.", "person_name"],
    ["Mr. John Doe presents with cough.", "person_name"],
    ["Signed by: Jane Roe, MD", "person_name"],
    ["Compared with the study of 03/14/2021.", "date"],
    ["Compared with March 14, 2021.", "date"],
    ["Compared with 2021-03-14.", "date"],
    ["Compared with 14 March 2021.", "date"],
    ["MRN: 1234567.", "record_number"],
    ["Accession #A123456.", "record_number"],
    ["Patient number 123456789 on file.", "record_number"],
    ["Call 555-123-4567 with results.", "phone_number"],
    ["Call (555) 123-4567 with results.", "phone_number"],
    ["Pager 4512 was called.", "phone_number"],
    ["Results sent to jane.doe@example.org.", "email"],
    ["Patient lives at 123 Main Street.", "street_address"],
    ["92-year-old woman with dyspnea.", "age_over_89"],
    ["Age 95, shortness of breath.", "age_over_89"],
    ["History: 101 yo male.", "age_over_89"],
  ] as const)("finds %s (%s)", (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it.each([
    "Findings discussed with Dr. ___ at 5:30 p.m.",
    "XXXX-year-old XXXX with XXXX. Two views of the chest dated XXXX.",
    "Compression deformity of T12. Degenerative change at C5-6.",
    "A 1.2 x 1.5 cm nodule, previously 10 mm.",
    "ET tube terminates 4 cm above the carina.",
    "PA and lateral views of the chest.",
    "85-year-old man, 3 views.",
    "Heart size 15.5 cm, ratio 0.55, 2/3 of the way.",
    "Stable since 2019.",
    "Call placed at 10:45 to the covering physician.",
    "Patient is rotated to the right. Lungs Are Clear.",
    "There is a 2 mm nodule in the right upper lobe, unchanged from 2 views.",
    "Findings discussed with Dr. ___ by Dr. ___ via telephone on ___ at 10:05 a.m.",
    "St. Jude dual-chamber pacemaker.",
    "Wet read by ___ on ___ @ 14:20.",
    "T4-T5 and L1-2 levels; left 5th-7th rib fractures.",
    "Chest tube 28 Fr. Accession not available.",
  ])("does not flag %s", (text) => {
    expect(kinds(text)).toEqual([]);
  });

  it("reports spans and kinds but never the text", () => {
    const text = "Dr. Smith reviewed the film of 03/14/2021. Lungs are clear.";
    const v = validateReport(text);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const [error] = v.errors;
    expect(error?.code).toBe("report_contains_phi");
    expect(error?.spans?.map((s) => [s.kind, text.slice(s.start, s.end)])).toEqual([
      ["person_name", "Dr. Smith"],
      ["date", "03/14/2021"],
    ]);
    expect(error?.message).not.toContain("Smith");
    expect(error?.message).not.toContain("2021");
    expect(error?.message).toContain("1 person name and 1 date");
  });
});
