/**
 * Uncertainty cues (CheXpert labeler: uncertain mentions get -1). Cues that contain a negation
 * word ("cannot exclude") win over the negation they contain, as in CheXpert's
 * pre-negation-uncertainty stage. Phrase syntax: see text/phrases.ts.
 */
export const PRE_UNCERTAINTY: readonly string[] = [
  "possibly",
  "probably",
  "likely",
  "most likely",
  "unlikely",
  "may",
  "might",
  "could",
  "perhaps",
  "presumably",
  "suspicion",
  "suspect",
  "suspects",
  "suspicious for",
  "suspicious of",
  "suggest*",
  "concern*",
  "worrisome",
  "worrying",
  "question of",
  "questioned",
  "versus",
  "vs",
  "re:vs\\.",
  "differential",
  "consider",
  "considered",
  "compatible with",
  "favor",
  "favored",
  "favour",
  "thought to",
  "not certain",
  "cannot exclude",
  "can not exclude",
  "cannot rule out",
  "can not rule out",
  "cannot be excluded",
  "cannot be ruled out",
  "can't exclude",
  "not excluded",
  "not be excluded",
  "not ruled out",
  "not entirely excluded",
  "difficult to exclude",
  "difficult to rule out",
  "hard to exclude",
  "to exclude",
  "rule out",
  "re:r/o",
  "evaluate for",
  "evaluation for",
  "assess for",
  "re:eval(?:uate)? for",
  "developing",
  "impending",
];

export const POST_UNCERTAINTY: readonly string[] = [
  // Adjectives need their copula: "effusion is likely", but "widened, likely due to ectasia"
  // hedges the cause, not the finding.
  "re:(?:is|are|was|were) (?:possible|possibly present|suspected|questioned|questionable|likely|probable|a consideration|considered|in the differential)",
  "re:(?:is |are |was |were )?(?:not excluded|not ruled out|not entirely excluded|questioned)",
  "re:(?:cannot|can not|could not|can't|cannot entirely|can not entirely) (?:be )?(?:entirely |completely )?(?:excluded|ruled out)",
  "re:(?:is |are )?(?:difficult|hard|impossible) to (?:exclude|rule out|assess)",
  "re:(?:could|may|might) (?:also )?(?:be|have) (?:present|developing)",
  "versus",
  "vs",
  "re:vs\\.",
];

/**
 * Hedging adjectives ("possible small left effusion"): unlike the cues above they modify only
 * the noun phrase that follows, so their scope is short (HEDGE_WINDOW), and inside the scope of
 * a negation they are negated with it ("no suspicious opacity" is negative).
 */
export const HEDGES: readonly string[] = [
  "possible",
  "probable",
  "presumed",
  "suspected",
  "re:suspicious(?! (?:for|of))",
  "questionable",
  "equivocal",
  "indeterminate",
  "borderline",
  "uncertain",
  "apparent",
];

/**
 * Hypothetical statements assert nothing about this film ("if there is concern for fracture,
 * consider rib films"; "nondisplaced fractures may not be demonstrated"): a mention in their
 * scope is dropped.
 */
export const PRE_HYPOTHETICAL: readonly string[] = [
  "if",
  "in case of",
  "in the event of",
  "should there be",
  "re:(?:could|may|might|can|would) (?:obscure|hide|mask)",
  "re:to (?:identify|detect|locate|better characterize|further characterize)",
];
export const POST_HYPOTHETICAL: readonly string[] = [
  "re:(?:may|might|can|could|will|would) (?:not|easily not|often not) be (?:seen|demonstrated|visible|visualized|detected|identified|apparent|evident)",
  "re:(?:are|is) (?:not|often not|frequently not) (?:well )?(?:seen|demonstrated|visible|detected) on (?:radiographs|chest radiographs|plain films|x-rays?)",
];
