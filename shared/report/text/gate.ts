/**
 * Cheap gate in front of a phrase table: the literal text every match must contain (the
 * leading letters of each phrase). Most reports mention a handful of the 13 findings, so most
 * tables are skipped by a native substring search without running their regex.
 */
export interface Gate {
  /** Some phrase has no known literal: always run. */
  always: boolean;
  literals: readonly string[];
}

export function passes(gate: Gate, text: string): boolean {
  if (gate.always) return true;
  for (const l of gate.literals) if (text.includes(l)) return true;
  return false;
}
