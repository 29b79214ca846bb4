import { PHI_PATTERNS } from "./lexicon/phi.js";
import type { PhiKind, Span } from "./types.js";

export type PhiSpan = Span & { kind: PhiKind };

/**
 * Probable PHI in the original text, as non-overlapping spans (earlier patterns win, so a
 * date inside a longer record number is reported once). The text itself is never returned.
 */
export function findPhi(text: string): PhiSpan[] {
  const found: PhiSpan[] = [];
  // Characters already claimed by a span: overlap checks stay linear on long inputs.
  const claimed = new Uint8Array(text.length);
  for (const [kind, re] of PHI_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const span = { start: m.index, end: m.index + m[0].length, kind };
      if (claimed.subarray(span.start, span.end).includes(1)) continue;
      claimed.fill(1, span.start, span.end);
      found.push(span);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const KIND_NAMES: Record<PhiKind, [string, string]> = {
  person_name: ["person name", "person names"],
  date: ["date", "dates"],
  record_number: ["record or accession number", "record or accession numbers"],
  phone_number: ["phone number", "phone numbers"],
  email: ["e-mail address", "e-mail addresses"],
  street_address: ["street address", "street addresses"],
  age_over_89: ["age over 89", "ages over 89"],
};

/** "2 dates and 1 person name", never quoting the text. */
export function describePhi(spans: PhiSpan[]): string {
  const counts = new Map<PhiKind, number>();
  for (const s of spans) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => `${n} ${KIND_NAMES[kind][n === 1 ? 0 : 1]}`);
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}
