/**
 * The parsed findings as chips: one per CheXpert observation the report mentions, with its
 * status spelled out (colour is never the only cue), laterality and severity; then the view.
 */
import type { ChexpertLabel, Observation, ParsedReport, ViewInfo } from "../../../shared/report/types.js";
import { el } from "./dom.js";

const STATUS_WORD = { positive: "present", negative: "absent", uncertain: "uncertain" } as const;

export function findingChip(label: ChexpertLabel, observation: Observation): HTMLLIElement {
  const status = observation.status === "absent" ? "uncertain" : observation.status;
  const qualifiers = [observation.laterality, observation.severity].filter((q): q is NonNullable<typeof q> => q !== null);
  return el(
    "li",
    { class: `chip chip--${status}`, "data-label": label, "data-status": status },
    el("span", { class: "chip__label" }, label),
    el("span", { class: "chip__status" }, STATUS_WORD[status]),
    ...qualifiers.map((q) => el("span", { class: "chip__qualifier" }, q)),
  );
}

export function mentionedFindings(report: ParsedReport): Array<[ChexpertLabel, Observation]> {
  return (Object.entries(report.observations) as Array<[ChexpertLabel, Observation]>).filter(([, o]) => o.status !== "absent");
}

export function describeView(view: Omit<ViewInfo, "evidence">): string {
  const parts = [
    view.projection ?? "projection not stated",
    view.lateral ? "with lateral" : null,
    view.portable ? "portable" : null,
    view.position,
    view.rotated ? "rotated" : null,
    view.limitedInspiration ? "limited inspiration" : null,
  ].filter((p): p is string => p !== null);
  return parts.join(" · ");
}

/** Renders chips and the view into `list` and `viewLine`. */
export function renderFindings(report: ParsedReport, list: HTMLUListElement, viewLine: HTMLElement): void {
  const findings = mentionedFindings(report);
  list.replaceChildren(...(findings.length ? findings.map(([label, o]) => findingChip(label, o)) : [el("li", { class: "chip chip--none" }, "No CheXpert finding mentioned")]));
  viewLine.textContent = `View: ${describeView(report.view)}`;
}
