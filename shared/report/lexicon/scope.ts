/**
 * Where the scope of a negation or uncertainty cue ends inside a sentence (NegBio / CheXpert
 * labeler: cues do not cross clause boundaries such as "but", "however", ";"). "there is" and
 * "and the" start a new assertion, so "no effusion and there is mild cardiomegaly" keeps
 * cardiomegaly positive.
 */
export const CLAUSE_TERMINATORS: readonly string[] = [
  "but",
  "however",
  "although",
  "though",
  "except",
  "excepting",
  "with the exception of",
  "aside from",
  "apart from",
  "other than",
  "otherwise",
  "whereas",
  "while",
  "yet",
  "which",
  "that",
  "now",
  "there is",
  "there are",
  "there has been",
  "there have been",
  "and the",
  "and there",
  "punct:;",
  "punct::",
  // A negated list item closed by its verb ends the negation: "no effusion seen, left hilar
  // calcifications and a dense nodule" asserts the nodule.
  "raw:\\b(?:seen|identified|noted|present|demonstrated|visualized|evident|appreciated),",
  // A list item that starts with a size word or a hedge is a new assertion, not another negated item
  // ("no pneumothorax, small left effusion" asserts the effusion) unless an "or"/"nor" later in the
  // sentence shows it is one negated list ("no consolidation, large effusion, or pneumothorax").
  "raw:,(?=\\s*(?:(?:a|an)\\s+)?(?:trace|tiny|small|moderate|large|mild|minimal|severe|moderate-sized|small-to-moderate|possible|probable|likely|questionable|suspected)\\b(?![^.;]*\\b(?:or|nor)\\b))",
];

/**
 * A qualifier describing an anatomic structure ("heart size ... normal") must sit in the same
 * phrase: these end that window in addition to clause terminators.
 */
export const ATTRIBUTE_WINDOW_TERMINATORS: readonly string[] = [
  "punct:,",
  "punct:;",
  "punct::",
  "but",
  "however",
  "although",
  "though",
  "except",
  "with",
  "without",
  "which",
  "whereas",
  "while",
  "there is",
  "there are",
];

/** How far (characters of normalised text) an attribute's qualifier may sit from it. */
export const ATTRIBUTE_AFTER_WINDOW = 70;
export const ATTRIBUTE_BEFORE_WINDOW = 32;
/** A post-mention cue ("is not seen") must follow the mention closely. */
export const POST_CUE_WINDOW = 45;
/** A hedge ("possible") reaches only this far (characters) to the mention it qualifies. */
export const HEDGE_WINDOW = 40;
