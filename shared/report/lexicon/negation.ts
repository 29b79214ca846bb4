/**
 * Negation cues, after the CheXpert labeler / NegBio approach (pre-negation cues precede the
 * observation in its clause, post-negation cues follow it closely). Phrase syntax: see
 * text/phrases.ts.
 */
export const PRE_NEGATION: readonly string[] = [
  "no",
  "not",
  "without",
  "negative for",
  "free of",
  "clear of",
  "absence of",
  "absent",
  "resolution of",
  "interval resolution of",
  "resolved",
  "cleared",
  "removal of",
  "removed",
  "interval removal of",
  "rather than",
  "instead of",
  "none",
  "nor",
  "never",
  "re:w/o",
];

export const POST_NEGATION: readonly string[] = [
  "re:(?:is |are |was |were |has |have )?(?:not|no longer) (?:been )?(?:seen|identified|present|appreciated|visualized|visible|demonstrated|evident|noted|detected|shown|observed|apparent|definitely seen|clearly seen)",
  "re:(?:has |have |had )?(?:since )?(?:been )?(?:completely |entirely |nearly |almost )?(?:resolved|removed|cleared|withdrawn|discontinued)",
  "re:(?:is |are )?(?:absent|gone|negative)",
  "re:(?:is |are |was |were )?ruled out",
  // A finding "within normal limits" is absent ("vascular engorgement appears within limits of normal").
  "re:(?:appears? |is |are |remains? )?within (?:the )?(?:normal limits|limits of normal)",
];

/**
 * Look like negation but are not (NegEx "pseudo-negations"): a negation cue overlapping one of
 * these is ignored ("no change in the small effusion" keeps the effusion positive).
 */
export const PSEUDO_NEGATION: readonly string[] = [
  "re:no (?:significant |substantial |appreciable |definite |interval |major )*(?:change|increase|decrease|worsening|improvement|progression)",
  "re:not (?:significantly |substantially |appreciably )?(?:changed|increased|decreased|improved|worsened)",
  "re:without (?:significant |substantial |interval )*(?:change|increase|progression)",
  "not only",
  "re:(?:partially|partly|incompletely|not completely|not entirely|nearly|almost|not fully|incomplete) (?:resolved|cleared|removed)",
  "re:not resolved",
  "resolving",
  "not been removed",
  "re:(?:gram|no\\.?) ?negative",
  // A radiographic sign, not a denial: "pleural line with absent lung markings" shows a pneumothorax.
  "re:(?:absent|absence of|no) (?:peripheral )?(?:lung |pulmonary |vascular )?markings",
];
