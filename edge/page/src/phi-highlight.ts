/**
 * Highlights PHI spans in place: a backdrop behind the (transparent-background) textarea repeats
 * the visitor's own text with <mark>s over the spans the validator found. The text is never sent
 * anywhere else or shown elsewhere on the page; the warning names only the kinds.
 */
import type { PhiKind, Span } from "../../../shared/report/types.js";
import { el } from "./dom.js";

export type PhiSpan = Span & { kind: PhiKind };

const KIND_WORDS: Record<PhiKind, string> = {
  person_name: "a person's name",
  date: "a date",
  record_number: "a record number",
  phone_number: "a phone number",
  email: "an e-mail address",
  street_address: "a street address",
  age_over_89: "an age over 89",
};

export function describePhiKinds(spans: PhiSpan[]): string {
  const kinds = [...new Set(spans.map((s) => s.kind))].map((k) => KIND_WORDS[k]);
  return kinds.length <= 1 ? (kinds[0] ?? "personal information") : `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1)}`;
}

/** Rebuilds the backdrop for `text`; with no spans it is plain text (kept in sync for scrolling). */
export function renderHighlights(backdrop: HTMLElement, text: string, spans: PhiSpan[]): void {
  const ordered = [...spans].sort((a, b) => a.start - b.start);
  const nodes: Array<Node | string> = [];
  let at = 0;
  for (const span of ordered) {
    if (span.start < at) continue;
    nodes.push(text.slice(at, span.start), el("mark", { "data-kind": span.kind }, text.slice(span.start, span.end)));
    at = span.end;
  }
  // A trailing newline would collapse without a character after it, shifting the last line.
  nodes.push(text.slice(at) + "\u200b");
  backdrop.replaceChildren(...nodes);
}
