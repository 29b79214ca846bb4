import {
  AP_CUES, ERECT_CUES, LATERAL_CUES, LIMITED_INSPIRATION_CUES, PA_CUES, PORTABLE_CUES,
  ROTATION_CUES, ROTATION_NEGATION, SEMI_ERECT_CUES, SUPINE_CUES,
} from "../lexicon/view.js";
import { compilePhrases, findAll, overlaps, type Match } from "../text/phrases.js";

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
  pa: compilePhrases(PA_CUES),
  ap: compilePhrases(AP_CUES),
  lateral: compilePhrases(LATERAL_CUES),
  portable: compilePhrases(PORTABLE_CUES),
  semiErect: compilePhrases(SEMI_ERECT_CUES),
  erect: compilePhrases(ERECT_CUES),
  supine: compilePhrases(SUPINE_CUES),
  rotated: compilePhrases(ROTATION_CUES),
  limitedInspiration: compilePhrases(LIMITED_INSPIRATION_CUES),
};

export function findViewCues(text: string): ViewCues {
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
