/**
 * View and posture cues (ViewInfo in types.ts). Matched on case-folded text, so "PA" is "pa";
 * bare "pa"/"ap" only count next to imaging words, since "pa" is also the pulmonary artery.
 */
const IMAGING_WORD = "(?:and|&|/|view|views|projection|projections|radiograph|radiographs|film|films|image|images|chest|cxr|x-ray|xray|upright|erect|supine|semi-?erect|semi-?upright|portable|frontal|lateral|study|exam|examination|technique|only|single)";

export const PA_CUES: readonly string[] = [
  "posteroanterior",
  "postero-anterior",
  "re:p\\.a\\.",
  `re:pa(?= ${IMAGING_WORD}(?![a-z]))`,
  `re:(?<=${IMAGING_WORD} )pa`,
  "re:pa(?=[,.]|$)",
];
export const AP_CUES: readonly string[] = [
  "anteroposterior",
  "antero-posterior",
  "re:a\\.p\\.",
  `re:ap(?= ${IMAGING_WORD}(?![a-z]))`,
  `re:(?<=${IMAGING_WORD} )ap`,
  "re:ap(?=[,.]|$)",
];
export const LATERAL_CUES: readonly string[] = [
  "re:lateral (?:view|views|projection|projections|radiograph|radiographs|film|films|image|images|chest|examination|exam)",
  "re:(?:pa|ap|frontal|posteroanterior|anteroposterior) ?(?:and|&|/) ?lat(?:eral)?",
  "re:(?:on|the) lateral",
  "re:(?:two|2|three|3) views",
  "re:lat view",
];
export const PORTABLE_CUES: readonly string[] = ["portable", "bedside", "re:port(?= (?:ap|chest|cxr|film))"];
export const SEMI_ERECT_CUES: readonly string[] = ["semi-erect", "semierect", "semi erect", "semi-upright", "semiupright", "semi upright", "semi-recumbent", "semirecumbent"];
export const ERECT_CUES: readonly string[] = ["upright", "erect", "standing"];
export const SUPINE_CUES: readonly string[] = ["supine", "recumbent"];
export const ROTATION_CUES: readonly string[] = ["rotated", "rotation", "rotatory", "oblique", "obliquely", "obliquity"];
/** Negations of a rotation cue ("no rotation", "not rotated"). */
export const ROTATION_NEGATION = /(?:no|not|without|minimal|minimally|slight|slightly|mild|mildly) (?:significant |significantly |patient |appreciable )?$/;
export const LIMITED_INSPIRATION_CUES: readonly string[] = [
  "re:low (?:lung |inspiratory )?volumes?",
  "re:lung volumes (?:are |remain )?(?:low|diminished|decreased|reduced)",
  "re:(?:poor|shallow|limited|suboptimal|low|decreased|reduced) (?:inspiration|inspiratory effort|inspiratory volumes?|respiratory effort|lung inflation)",
  "hypoinflat*",
  "hypoventilat*",
  "re:(?:poorly|under|under-|sub-?optimally) inflated",
];
