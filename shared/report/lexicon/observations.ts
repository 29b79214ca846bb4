import type { ChexpertLabel } from "../types.js";

/** Labels found by mention phrases (No Finding is derived from the others). */
export type FindingLabel = Exclude<ChexpertLabel, "No Finding">;

export interface ObservationPhrases {
  /** Phrases that name the observation; syntax in text/phrases.ts. */
  mentions: readonly string[];
  /** Phrases that contain a mention but do not name the observation ("pericardial effusion"). */
  exclusions: readonly string[];
}

/**
 * Mention phrases per CheXpert observation, written after the CheXpert labeler's mention and
 * unmention lists and extended with phrasing common in MIMIC-CXR and Indiana University reports.
 * Deliberate choices (see docs/report-parser.md): granulomas are not Lung Lesion (benign,
 * calcified, ignored as in CheXpert); scarring is not Lung Opacity; sternotomy wires and surgical
 * clips are Support Devices (hardware drawn on the film); CHF counts as Edema.
 */
export const OBSERVATION_PHRASES: Record<FindingLabel, ObservationPhrases> = {
  "Enlarged Cardiomediastinum": {
    mentions: [
      "enlarged cardiomediastinum",
      "cardiomediastinal enlargement",
      "widened mediastinum",
      "mediastinal widening",
      "re:widening of the (?:upper |superior )?mediastinum",
      "mediastinal enlargement",
      "enlarged mediastinum",
      "prominent mediastinum",
      "mediastinal prominence",
    ],
    exclusions: [],
  },
  Cardiomegaly: {
    mentions: [
      "cardiomegaly",
      "cardiac enlargement",
      "enlarged heart",
      "enlargement of the heart",
      "re:enlargement of the cardiac (?:silhouette|shadow)",
      "cardiac hypertrophy",
    ],
    exclusions: [],
  },
  "Lung Opacity": {
    mentions: [
      "opaci*",
      // Bare "density" often describes bone, calcium, a hernia or a nipple: only lung ones count.
      "re:(?:airspace|air space|alveolar|parenchymal|pulmonary|lung|patchy|hazy|vague|streaky|linear|focal|ill-defined|poorly defined|confluent|reticular|interstitial|basilar|bibasilar|retrocardiac|perihilar|midlung|apical) densit(?:y|ies)",
      "re:densit(?:y|ies),? (?:in|within|at|of|involving)? ?(?:the )?(?:\\w+ ){0,3}(?:lung|lobe|lingula|base|bases|apex|apices|midlung|hemithorax)\\b",
      "airspace disease",
      "air space disease",
      "airspace process",
      "air space process",
      "alveolar disease",
      "airspace filling",
      "infiltrat*",
      "haziness",
      "hazy",
      "reticulation",
      "reticular",
      "reticulonodular",
      "re:interstitial (?:markings|prominence|pattern|thickening|disease|changes|process)",
      "ground glass",
      "increased density",
    ],
    exclusions: [
      "re:(?:bone|bony|osseous|soft tissue|soft-tissue|metallic|calcific|calcified|breast|nipple|sclerotic) densit(?:y|ies)",
      "re:densit(?:y|ies) (?:of|in|within|over|overlying|projecting over) the (?:soft tissues|breast|spine|bones?|ribs?)",
      "pleural scar",
    ],
  },
  "Lung Lesion": {
    mentions: [
      "nodul*",
      "mass",
      "masses",
      "masslike",
      "lump",
      "cavitary lesion",
      "cavitation",
      "cavity",
      "carcinoma",
      "neoplasm",
      "tumor",
      "tumour",
      "malignancy",
      "metastas*",
      "metastatic disease",
      "pulmonary lesion",
      "lung lesion",
    ],
    exclusions: [
      "mass effect",
      "re:(?:breast|soft tissue|neck|thyroid|abdominal|mediastinal|hilar|adrenal|liver|renal|bone|bony|osseous) (?:mass|masses|lesion)",
      "nodular opacity",
      "re:(?:muscle|body) mass",
      "re:nodular (?:thickening|contour)",
    ],
  },
  Edema: {
    mentions: [
      "edema",
      "oedema",
      "vascular congestion",
      "vascular engorgement",
      "pulmonary congestion",
      "venous congestion",
      "congestion",
      "congestive heart failure",
      "congestive failure",
      "heart failure",
      "chf",
      "fluid overload",
      "volume overload",
      "kerley",
      "cephalization",
      "pulmonary venous hypertension",
    ],
    exclusions: [
      "re:(?:subcutaneous|soft tissue|soft-tissue|chest wall|extremity|peripheral) (?:edema|oedema)",
    ],
  },
  Consolidation: {
    mentions: ["consolidat*"],
    exclusions: [],
  },
  Pneumonia: {
    mentions: [
      "pneumonia",
      "pneumonias",
      "bronchopneumonia",
      "pneumonitis",
      "infection",
      "infectious process",
      "infectious infiltrate",
      "re:infectious (?:etiology|cause)",
      "aspiration",
    ],
    exclusions: [
      "re:(?:urinary|tract|viral|upper respiratory|uri|sinus|wound) infection",
      // Old granulomatous disease (calcified granulomas) or a past episode is not pneumonia now.
      "re:granulomatous (?:infection|disease)",
      "re:(?:prior|previous|old|remote|healed|past|history of|hx of) (?:\\w+ )?(?:infection|pneumonia|infectious)",
    ],
  },
  Atelectasis: {
    mentions: [
      "atelecta*",
      "lobar collapse",
      "re:collapse of the (?:right |left )?(?:upper |middle |lower )?lobe",
      "re:(?:right |left )?(?:upper|middle|lower) lobe collapse",
    ],
    exclusions: [],
  },
  Pneumothorax: {
    mentions: ["pneumothora*", "hydropneumothora*", "ptx", "re:pleural air(?: collection)?", "re:apical (?:pleural )?air collection"],
    exclusions: [],
  },
  "Pleural Effusion": {
    mentions: [
      "effusion",
      "effusions",
      "pleural fluid",
      "hydrothorax",
      "hydropneumothora*",
      "fluid in the pleural",
      "layering fluid",
    ],
    exclusions: [
      "re:(?:pericardial|joint|knee|shoulder|subpulmonic pericardial) effusions?",
    ],
  },
  "Pleural Other": {
    mentions: [
      "re:pleural (?:thickening|scar|scarring|plaque|plaques|calcification|calcifications)",
      "re:thickening of the (?:\\w+ )?pleura",
      "fibrothorax",
      "re:pleuro-?parenchymal (?:scar|scarring|thickening)",
      "re:pleural-parenchymal (?:scar|scarring|thickening)",
      "re:apical (?:pleural )?(?:cap|capping)",
      // Fissures are pleura: their thickening is pleural thickening.
      "re:(?:interlobar |minor |major )?fissural thickening",
      "re:thickening of the (?:\\w+ )?fissures?",
      "re:(?:bi)?apical (?:pleural )?thickening",
      "pleural opacity",
    ],
    exclusions: [],
  },
  Fracture: {
    mentions: ["fractur*", "fx"],
    exclusions: [
      "re:(?:catheter|lead|leads|wire|wires|line|device|hardware|tube) fractur\\w*",
      "re:fractured (?:\\w+ ){0,2}(?:lead|leads|wire|wires|catheter|line)",
    ],
  },
  "Support Devices": {
    mentions: [
      "tube",
      "tubes",
      "et tube",
      "ett",
      "endotracheal",
      "tracheostomy",
      "ng tube",
      "og tube",
      "enteric tube",
      "feeding tube",
      "dobhoff",
      "catheter*",
      "re:[a-z]+catheters?",
      "re:porta-?caths?",
      "re:(?:median )?sternotomy wires?",
      "stimulator",
      // De-identified reports hide the device's name ("right chest XXXX tip in the SVC"); a tip
      // with a position still states a device.
      "re:tips?(?= (?:is |are |now |again |still )?(?:visualized|projects?|projecting|terminates?|terminating|overlies|overlying|at|in|within|near|located|positioned|extends?|lies|ends?|courses) )",
      "line",
      "lines",
      "picc",
      "swan",
      "re:swan-ganz",
      "port",
      "port-a-cath",
      "portacath",
      "mediport",
      "pacemaker*",
      "pacer",
      "pacing",
      "icd",
      "aicd",
      "defibrillator",
      "generator",
      "re:(?:pacemaker|pacer|pacing|cardiac|transvenous|icd) leads?",
      "leads",
      "wire",
      "wires",
      "sternal wires",
      "clip",
      "clips",
      "staple*",
      "hardware",
      "fixation",
      "screw*",
      "plate",
      "prosthe*",
      "re:valve (?:replacement|prosthesis)",
      "re:prosthetic (?:valve|valves)",
      "tavr",
      "avr",
      "mvr",
      "stent*",
      "coil*",
      "drain",
      "drains",
      "pigtail",
      "device",
      "devices",
      "loop recorder",
      "apparatus",
      "cannula",
      "arthroplast*",
      "shunt",
    ],
    exclusions: [
      "re:(?:septal|kerley b?|linear|plate-?like|pleural|fissural|azygos|paraspinal|paratracheal|mid|skin ?fold|skinfold|pleural) lines?",
      "re:lines? of (?:the|a) ",
      "re:(?:nipple|skin) marker",
      "re:lung lines",
      "re:(?:endplate|end plate|growth plate|plate-?like|plate atelectasis)",
      "re:(?:eustachian|fallopian|neural) tube",
      "re:line of the ",
      "re:(?:mid ?clavicular|midaxillary|anterior axillary|posterior axillary|mid-?clavicular) line",
      "re:(?:right|left)? ?paratracheal stripe",
    ],
  },
};
