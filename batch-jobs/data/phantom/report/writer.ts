/**
 * The report writer: EXAMINATION / INDICATION / COMPARISON / TECHNIQUE (some of them), FINDINGS
 * and IMPRESSION for one film, seeded and varied (synonyms, group order, which absent findings
 * are negated). Labels follow CheXpert's report semantics: 1 stated, −1 hedged, 0 negated, null
 * not mentioned; per label positive > uncertain > negative. Lung Opacity is set only when the
 * report names an opacity (as the CheXpert labeler does); its sub-types do not imply it.
 * "No Finding" = 1 when no label other than Support Devices is 1 or −1, else null.
 */
import type { Rng } from "../../../../shared/random.js";
import { CHEXPERT_LABELS, type ChexpertLabel, type ChexpertValue } from "../../../../shared/report/types.js";
import type { PhantomConfig } from "../config.js";
import type { FindingSet } from "../findings.js";
import type { RenderFacts } from "../render-facts.js";
import { findingSentences } from "./finding-sentences.js";
import {
  COMPARISONS_PLACEHOLDER,
  COMPARISONS_PLAIN,
  INDICATIONS,
  NORMAL_IMPRESSIONS,
  cap,
  viewPhrases,
  type Assertion,
  type Sentence,
  type ViewFacts,
} from "./phrases.js";

export interface WrittenReport {
  text: string;
  labels: Record<ChexpertLabel, ChexpertValue>;
}

/** Negation sentences, each usable only when every label it negates is absent from the film. */
const NEGATIONS: Array<{ group: string; options: Array<[string, Assertion]> }> = [
  {
    group: "heart",
    options: [
      ["Heart size is normal.", { Cardiomegaly: 0 }],
      ["The heart is normal in size.", { Cardiomegaly: 0 }],
      ["No cardiomegaly.", { Cardiomegaly: 0 }],
      ["Heart size and mediastinal contours are normal.", { Cardiomegaly: 0, "Enlarged Cardiomediastinum": 0 }],
    ],
  },
  {
    group: "mediastinum",
    options: [
      ["Mediastinal contours are normal.", { "Enlarged Cardiomediastinum": 0 }],
      ["The mediastinum is not widened.", { "Enlarged Cardiomediastinum": 0 }],
    ],
  },
  {
    group: "pleura",
    options: [
      ["No pleural effusion or pneumothorax.", { "Pleural Effusion": 0, Pneumothorax: 0 }],
      ["There is no pleural effusion or pneumothorax.", { "Pleural Effusion": 0, Pneumothorax: 0 }],
      ["No pneumothorax or pleural effusion.", { "Pleural Effusion": 0, Pneumothorax: 0 }],
    ],
  },
  { group: "effusion", options: [["No pleural effusion.", { "Pleural Effusion": 0 }], ["There is no pleural effusion.", { "Pleural Effusion": 0 }]] },
  { group: "pneumothorax", options: [["No pneumothorax.", { Pneumothorax: 0 }], ["There is no pneumothorax.", { Pneumothorax: 0 }]] },
  {
    group: "consolidation",
    options: [
      ["No focal consolidation.", { Consolidation: 0 }],
      ["There is no focal consolidation.", { Consolidation: 0 }],
      ["No consolidation.", { Consolidation: 0 }],
    ],
  },
  { group: "edema", options: [["No pulmonary edema.", { Edema: 0 }], ["There is no pulmonary edema.", { Edema: 0 }]] },
  { group: "pneumonia", options: [["No evidence of pneumonia.", { Pneumonia: 0 }]] },
  { group: "lesion", options: [["No pulmonary nodules or masses.", { "Lung Lesion": 0 }], ["No pulmonary nodule.", { "Lung Lesion": 0 }]] },
  { group: "fracture", options: [["No acute rib fracture.", { Fracture: 0 }], ["No displaced fracture.", { Fracture: 0 }]] },
];

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Merge assertions with CheXpert's precedence: positive > uncertain > negative. */
function mergeLabels(sentences: readonly Sentence[]): Record<ChexpertLabel, ChexpertValue> {
  const rank = (v: ChexpertValue): number => (v === 1 ? 3 : v === -1 ? 2 : v === 0 ? 1 : 0);
  const labels = Object.fromEntries(CHEXPERT_LABELS.map((l) => [l, null])) as Record<ChexpertLabel, ChexpertValue>;
  for (const s of sentences) {
    for (const [label, value] of Object.entries(s.asserts) as Array<[ChexpertLabel, 1 | 0 | -1]>) {
      if (rank(value) > rank(labels[label])) labels[label] = value;
    }
  }
  const pathology = CHEXPERT_LABELS.some((l) => l !== "No Finding" && l !== "Support Devices" && (labels[l] === 1 || labels[l] === -1));
  labels["No Finding"] = pathology ? null : 1;
  return labels;
}

export function writeReport(
  findings: FindingSet,
  view: ViewFacts,
  cfg: PhantomConfig["report"],
  rng: Rng,
  facts: RenderFacts,
): WrittenReport {
  const viewPhrase = rng.pick(viewPhrases(view));
  const header: string[] = [];
  const hasTechnique = rng.chance(cfg.techniqueRate);
  if (!hasTechnique && rng.chance(0.5)) header.push(`EXAMINATION: Chest radiograph. ${cap(viewPhrase)}.`);
  if (rng.chance(cfg.indicationRate)) header.push(`INDICATION: ${rng.pick(INDICATIONS)}`);
  if (rng.chance(cfg.comparisonRate)) header.push(`COMPARISON: ${rng.pick(rng.chance(cfg.placeholderRate) ? COMPARISONS_PLACEHOLDER : COMPARISONS_PLAIN)}`);
  if (hasTechnique) header.push(`TECHNIQUE: ${cap(viewPhrase)}.`);
  const statedView = header.some((h) => h.startsWith("EXAMINATION") || h.startsWith("TECHNIQUE"));

  // Positive / hedged sentences, grouped by region; groups appear in a varied order.
  const groups = new Map<string, Sentence[]>();
  const regionOf = (name: string): string =>
    name === "Support Devices" ? "devices" : name === "Cardiomegaly" || name === "Enlarged Cardiomediastinum" ? "heart" : name === "Fracture" ? "bones" : "lungs";
  for (const f of findings.values()) {
    const region = regionOf(f.name);
    const list = groups.get(region) ?? [];
    list.push(...findingSentences(f, findings, view, rng, facts));
    groups.set(region, list);
  }
  // Explicit negatives for some absent findings.
  const present = (l: ChexpertLabel): boolean => l !== "No Finding" && findings.has(l);
  const negated = new Set<string>();
  for (const neg of NEGATIONS) {
    if (!rng.chance(cfg.negationRate)) continue;
    // Usable: negates only absent findings, and says something not already said.
    const usable = neg.options.filter(([, a]) => Object.keys(a).every((l) => !present(l as ChexpertLabel)) && Object.keys(a).some((l) => !negated.has(l)));
    if (usable.length === 0) continue;
    const [text, asserts] = rng.pick(usable);
    for (const l of Object.keys(asserts)) negated.add(l);
    const region = neg.group === "heart" || neg.group === "mediastinum" ? "heart" : neg.group === "fracture" ? "bones" : "lungs";
    const list = groups.get(region) ?? [];
    list.push({ text, asserts });
    groups.set(region, list);
    if (neg.group === "pleura") break; // avoid repeating effusion/pneumothorax negations below
  }
  const order = shuffle(rng, ["lungs", "heart", "bones"]);
  if (rng.chance(0.7)) order.unshift("devices");
  else order.push("devices");
  const findingSentencesOrdered: Sentence[] = [];
  if (!statedView) findingSentencesOrdered.push({ text: `${cap(viewPhrase)} was obtained.`, asserts: {} });
  for (const region of order) findingSentencesOrdered.push(...(groups.get(region) ?? []));

  // Impression: the abnormal findings again in short, or a normal statement.
  const impression: Sentence[] = [];
  const abnormal = [...findings.values()].filter((f) => f.name !== "Support Devices");
  if (abnormal.length === 0) {
    impression.push({ text: rng.pick(NORMAL_IMPRESSIONS), asserts: {} });
    if (findings.has("Support Devices") && rng.chance(0.5)) impression.push({ text: "Support devices as described.", asserts: { "Support Devices": 1 } });
  } else {
    for (const f of abnormal.slice(0, 3)) impression.push(...findingSentences(f, findings, view, rng, facts).slice(-1));
  }
  const numbered = impression.length > 1 && rng.chance(0.4);
  const impressionText = impression.map((s, i) => (numbered ? `${i + 1}. ${s.text}` : s.text)).join(numbered ? "\n" : " ");

  const text = [...header, `FINDINGS: ${findingSentencesOrdered.map((s) => s.text).join(" ")}`, `IMPRESSION: ${impressionText}`].join("\n\n");
  return { text, labels: mergeLabels([...findingSentencesOrdered, ...impression]) };
}
