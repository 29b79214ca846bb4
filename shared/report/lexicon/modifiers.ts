import type { Laterality, Severity } from "../types.js";

/** Words stating the side of a finding; first match group decides. Syntax: text/phrases.ts. */
export const LATERALITY_WORDS: ReadonlyArray<readonly [Laterality, readonly string[]]> = [
  ["bilateral", ["bilateral", "bilaterally", "bibasilar", "bibasal", "bibasally", "biapical", "both", "re:right and left", "re:left and right", "bilat"]],
  ["left", ["left", "left-sided", "re:lt\\.?", "lingula", "lingular"]],
  ["right", ["right", "right-sided", "re:rt\\.?"]],
];

/**
 * Words stating how much; mapped onto the Severity scale of types.ts. When a finding carries
 * several, the most severe wins (order-independent, so the canonical form does not depend on
 * section order). Ranges ("small to moderate") therefore take the upper bound.
 */
export const SEVERITY_WORDS: ReadonlyArray<readonly [Severity, readonly string[]]> = [
  ["trace", ["trace", "tiny"]],
  ["minimal", ["minimal", "minimally", "minute"]],
  ["small", ["small", "smaller"]],
  ["mild", ["mild", "mildly", "slight", "slightly"]],
  ["moderate", ["moderate", "moderately", "moderate-sized", "moderate-size"]],
  ["large", ["large", "larger", "extensive", "massive", "sizable", "sizeable", "big"]],
  ["severe", ["severe", "severely", "marked", "markedly", "gross", "grossly enlarged"]],
];

export const SEVERITY_RANK: Record<Severity, number> = {
  trace: 0,
  minimal: 1,
  small: 2,
  mild: 3,
  moderate: 4,
  large: 5,
  severe: 6,
};

/** How far (characters) before / after a mention a side or amount word may be. */
export const MODIFIER_BEFORE_WINDOW = 40;
export const MODIFIER_AFTER_WINDOW = 30;
