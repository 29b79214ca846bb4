import {
  AP_CUES, ERECT_CUES, LATERAL_CUES, LIMITED_INSPIRATION_CUES, PA_CUES, PORTABLE_CUES,
  ROTATION_CUES, ROTATION_NEGATION, SEMI_ERECT_CUES, SUPINE_CUES,
} from "../lexicon/view.js";
import { compileMatcher, findPhrases, overlaps, type Match, type PhraseMatcher } from "../text/phrases.js";

/** View cues found in one section's normalised text (normalised-text coordinates). */
export interface ViewCues {
  pa: Match[];
  ap: Match[];
  lateral: Match[];
  portable: Match[];
  semiErect: Match[];
  erect: Match[];
  supine: Match[];
  rotated: Match[];
  limitedInspiration: Match[];
}

const RE = {
  pa: compileMatcher(PA_CUES),
  ap: compileMatcher(AP_CUES),
  lateral: compileMatcher(LATERAL_CUES),
  portable: compileMatcher(PORTABLE_CUES),
  semiErect: compileMatcher(SEMI_ERECT_CUES),
  erect: compileMatcher(ERECT_CUES),
  supine: compileMatcher(SUPINE_CUES),
  rotated: compileMatcher(ROTATION_CUES),
  limitedInspiration: compileMatcher(LIMITED_INSPIRATION_CUES),
};

export function findViewCues(text: string): ViewCues {
  const findAll = (m: PhraseMatcher, t: string) => findPhrases(m, t);
  const semiErect = findAll(RE.semiErect, text);
  return {
    pa: findAll(RE.pa, text),
    ap: findAll(RE.ap, text),
    lateral: findAll(RE.lateral, text),
    portable: findAll(RE.portable, text),
    semiErect,
    // "semi-upright" contains "upright": the longer cue wins.
    erect: findAll(RE.erect, text).filter((m) => !semiErect.some((s) => overlaps(s, m))),
    supine: findAll(RE.supine, text).filter((m) => !semiErect.some((s) => overlaps(s, m))),
    // "no rotation", "not rotated" state the opposite.
    rotated: findAll(RE.rotated, text).filter((m) => !ROTATION_NEGATION.test(text.slice(Math.max(0, m.start - 30), m.start))),
    limitedInspiration: findAll(RE.limitedInspiration, text),
  };
}
