import { aggregate, type LabelledMention } from "./analysis/aggregate.js";
import { buildContext } from "./analysis/context.js";
import { findMentions } from "./analysis/mentions.js";
import { findViewCues, type ViewCues } from "./analysis/view.js";
import { canonicalForm, type NormalizedSection } from "./canonical.js";
import { labelValues } from "./chexpert.js";
import { LABELLED_SECTIONS } from "./lexicon/sections.js";
import { splitSections } from "./sections.js";
import { foldCase } from "./text/fold.js";
import { normalizeWhitespace, toOriginalSpan, type NormalizedText } from "./text/normalized.js";
import type { Match } from "./text/phrases.js";
import { CHEXPERT_LABELS, type ChexpertLabel, type ParsedReport, type ReportCondition, type Span, type ViewInfo } from "./types.js";

/** Sections whose wording says nothing about the film being described. */
const VIEWLESS_SECTIONS = new Set(["indication", "history", "comparison"]);

/**
 * Parses a free-text chest radiograph report. Never throws: any string gives a parse (an empty
 * or unrelated text simply has no mentions; validateReport is the gate for bad input). Spans are
 * offsets into `text`.
 */
export function parseReport(text: string): ParsedReport {
  // Typed callers always pass a string; an untyped one gets the parse of an empty report.
  const input = typeof text === "string" ? text : "";
  const folded = foldCase(input);
  const sections = splitSections(folded);
  const normalized: NormalizedSection[] = [];
  const mentions: LabelledMention[] = [];
  const viewParts: Array<{ view: NormalizedText; cues: ViewCues }> = [];
  for (const section of sections) {
    const view = normalizeWhitespace(folded, section.content.start, section.content.end);
    normalized.push({ name: section.name, text: view.text });
    if (view.text.length === 0) continue;
    if (!VIEWLESS_SECTIONS.has(section.name)) viewParts.push({ view, cues: findViewCues(view.text) });
    if (!LABELLED_SECTIONS.has(section.name)) continue;
    const ctx = buildContext(view.text);
    for (const m of findMentions(ctx)) {
      mentions.push({
        label: m.label,
        laterality: m.laterality,
        severity: m.severity,
        mention: {
          span: toOriginalSpan(view, m.span.start, m.span.end),
          status: m.status,
          cue: m.cue === null ? null : toOriginalSpan(view, m.cue.start, m.cue.end),
          section: section.name,
        },
      });
    }
  }
  mentions.sort((a, b) => a.mention.span.start - b.mention.span.start);
  const observations = aggregate(mentions);
  const labels = labelValues(observations);
  const viewInfo = combineView(viewParts);
  return {
    sections,
    observations,
    labels,
    view: viewInfo,
    canonical: canonicalForm(normalized, conditionOf(observations, labels, viewInfo)),
  };
}

/** Order-independent combination of the view cues of all sections. */
function combineView(parts: Array<{ view: NormalizedText; cues: ViewCues }>): ViewInfo {
  const evidence: Span[] = [];
  const has = { pa: false, ap: false, lateral: false, portable: false, semiErect: false, erect: false, supine: false, rotated: false, limitedInspiration: false };
  for (const { view, cues } of parts) {
    for (const key of Object.keys(has) as Array<keyof typeof has>) {
      const found: Match[] = cues[key];
      if (found.length === 0) continue;
      has[key] = true;
      for (const m of found) evidence.push(toOriginalSpan(view, m.start, m.end));
    }
  }
  evidence.sort((a, b) => a.start - b.start || a.end - b.end);
  const position = has.semiErect ? "semi-erect" : has.supine ? "supine" : has.erect ? "erect" : null;
  // An explicit PA wins; portable, supine and semi-erect films are taken AP (brief: ViewInfo).
  const projection = has.pa ? "PA" : has.ap || has.portable || has.supine || has.semiErect ? "AP" : null;
  return {
    projection,
    lateral: has.lateral,
    portable: has.portable,
    position,
    rotated: has.rotated,
    limitedInspiration: has.limitedInspiration,
    evidence,
  };
}

function conditionOf(
  observations: ParsedReport["observations"],
  labels: ParsedReport["labels"],
  view: ViewInfo,
): ReportCondition {
  const laterality: ReportCondition["laterality"] = {};
  const severity: ReportCondition["severity"] = {};
  for (const label of CHEXPERT_LABELS as readonly ChexpertLabel[]) {
    const obs = observations[label];
    if (obs.laterality !== null) laterality[label] = obs.laterality;
    if (obs.severity !== null) severity[label] = obs.severity;
  }
  const { evidence: _evidence, ...viewCondition } = view;
  return { labels: { ...labels }, laterality, severity, view: viewCondition };
}
