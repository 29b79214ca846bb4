import type { FindingLabel } from "./observations.js";

/**
 * Anatomic structures whose *description* decides an observation: "heart size is normal"
 * (Cardiomegaly negative), "costophrenic angles are sharp" (Pleural Effusion negative),
 * "enlarged cardiac silhouette" (Cardiomegaly positive). A structure named without a qualifier
 * ("the heart is stable") is not a mention at all. Qualifiers are searched after the structure
 * in the same phrase, then just before it. Borderline qualifiers are checked first, so "upper
 * limits of normal" is uncertain, not normal.
 */
export interface AttributeFamily {
  structures: readonly string[];
  structureExclusions: readonly string[];
  /** Qualifiers meaning "normal": the labels below become negative. */
  normal: readonly string[];
  normalLabels: readonly FindingLabel[];
  /** Qualifiers meaning "borderline": the abnormal labels become uncertain. */
  borderline: readonly string[];
  /** Qualifiers meaning "abnormal": the labels below become positive. */
  abnormal: readonly string[];
  abnormalLabels: readonly FindingLabel[];
}

const SIZE_NORMAL = [
  "normal",
  "re:within (?:the )?(?:normal limits?|limits of normal)",
  "wnl",
  "unremarkable",
  "re:not (?:significantly |appreciably |markedly )?(?:enlarged|increased|widened|prominent)",
  "re:(?:is |are )?stable (?:and )?normal",
  "normal size",
  // The upper end of normal is still normal: CheXpert's "borderline" is the uncertain wording.
  "re:(?:at (?:the )?)?(?:upper|high) (?:limits?|limit|range|end|border|bounds?) (?:of )?normal",
  "re:(?:top|high|upper)(?:-| )?(?:of )?normal",
  "preserved",
  "negative",
  "satisfactory",
  "re:unchanged (?:and )?normal",
];
const SIZE_BORDERLINE = [
  "borderline",
  "borderline enlarged",
  "re:(?:possibly|probably|questionably|possible|likely|perhaps) (?:mildly |slightly |minimally )?(?:enlarged|prominent|increased)",
  "re:(?:mildly |slightly )?prominent",
  "prominence",
  "re:accentuated",
];
const SIZE_ABNORMAL = [
  "enlarged",
  "enlargement",
  "re:increased(?: in size)?",
  "large",
  "re:(?:moderately|mildly|markedly|severely|massively|slightly|minimally) (?:enlarged|increased)",
  "widened",
  "widening",
  "globular",
  "dilated",
];

export const ATTRIBUTE_FAMILIES: readonly AttributeFamily[] = [
  {
    // The heart alone.
    structures: [
      "heart size",
      "heart",
      "cardiac silhouette",
      "cardiac size",
      "cardiac contour",
      "cardiac contours",
      "cardiac shadow",
      "heart shadow",
      "cardiac diameter",
      "cardiac",
      "cardiothoracic ratio",
    ],
    structureExclusions: ["heart failure", "re:cardiac (?:defibrillator|pacemaker|device|monitor|leads?|generator|valve|stent)"],
    normal: SIZE_NORMAL,
    normalLabels: ["Cardiomegaly"],
    borderline: SIZE_BORDERLINE,
    abnormal: SIZE_ABNORMAL,
    abnormalLabels: ["Cardiomegaly"],
  },
  {
    // Heart and mediastinum described together: normal covers both; enlarged is CheXpert's
    // Enlarged Cardiomediastinum (the heart alone is not named).
    structures: [
      "cardiomediastinal silhouette",
      "cardiomediastinal contour",
      "cardiomediastinal contours",
      "cardio mediastinal silhouette",
      "cardiomediastinal",
      "cardiomediastinum",
      "heart and mediastinum",
    ],
    structureExclusions: [],
    normal: SIZE_NORMAL,
    normalLabels: ["Cardiomegaly", "Enlarged Cardiomediastinum"],
    borderline: SIZE_BORDERLINE,
    abnormal: SIZE_ABNORMAL,
    abnormalLabels: ["Enlarged Cardiomediastinum"],
  },
  {
    structures: [
      "mediastinum",
      "mediastinal contour",
      "mediastinal contours",
      "mediastinal silhouette",
      "mediastinal width",
      "superior mediastinum",
      "upper mediastinum",
    ],
    structureExclusions: [],
    normal: SIZE_NORMAL,
    normalLabels: ["Enlarged Cardiomediastinum"],
    borderline: SIZE_BORDERLINE,
    abnormal: SIZE_ABNORMAL,
    abnormalLabels: ["Enlarged Cardiomediastinum"],
  },
  {
    structures: ["lungs", "lung", "lung fields", "lung parenchyma", "lung bases", "both lungs", "lung zones"],
    structureExclusions: [
      "re:lungs? (?:volumes?|markings|nodules?|mass|masses|lesions?|disease|cancer|carcinoma|apex|apices|inflation|expansion)",
    ],
    normal: [
      "clear",
      "re:(?:grossly |otherwise |essentially |now |remain |remains )+clear",
      "unremarkable",
      "re:(?:are |is )?normal",
      "re:free of (?:focal )?(?:disease|infiltrates?|consolidation|opacit(?:y|ies))",
    ],
    normalLabels: ["Lung Opacity", "Consolidation", "Pneumonia", "Edema"],
    borderline: [],
    abnormal: [],
    abnormalLabels: [],
  },
  {
    structures: [
      "costophrenic angle",
      "costophrenic angles",
      "costophrenic sulci",
      "costophrenic sulcus",
      "costophrenic recess",
      "costophrenic recesses",
      "cp angle",
      "cp angles",
      "costophrenic",
    ],
    structureExclusions: [],
    normal: ["sharp", "sharply defined", "clear", "normal", "preserved", "re:well[- ]defined", "unremarkable"],
    normalLabels: ["Pleural Effusion"],
    borderline: ["blunted", "blunting", "blunt", "obscured", "obscuration", "re:obliterat(?:ed|ion)"],
    abnormal: [],
    abnormalLabels: ["Pleural Effusion"],
  },
  {
    structures: ["pleural spaces", "pleural space", "pleural surfaces", "pleura"],
    structureExclusions: [],
    normal: ["clear", "normal", "unremarkable", "re:without (?:abnormality|effusion)"],
    normalLabels: ["Pleural Effusion", "Pneumothorax"],
    borderline: [],
    abnormal: [],
    abnormalLabels: [],
  },
  {
    structures: [
      "pulmonary vascularity",
      "pulmonary vasculature",
      "pulmonary vessels",
      "pulmonary vascular markings",
      "vascularity",
      "vasculature",
      "vascular markings",
      "pulmonary blood flow",
      "pulmonary vascular",
      "central vascular",
      "central pulmonary vascular",
      "central pulmonary vasculature",
    ],
    structureExclusions: [],
    normal: ["normal", "re:within (?:the )?(?:normal limits?|limits of normal)", "wnl", "unremarkable", "re:not (?:engorged|congested|increased|prominent)"],
    normalLabels: ["Edema"],
    borderline: ["re:(?:mildly |slightly )?(?:prominent|increased)", "prominence", "re:upper (?:limits? )?(?:of )?normal"],
    // Nouns ("engorgement") name the finding itself (observations.ts), so only adjectives here.
    abnormal: ["congested", "engorged", "indistinct", "cephalized"],
    abnormalLabels: ["Edema"],
  },
];
