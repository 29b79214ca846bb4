/**
 * Live validation of the report box: a debounced call to the validate endpoint as the visitor
 * types; chips and view on success, the PHI warning with highlighted spans, or the problem found.
 * Only the latest answer is shown (earlier requests are aborted).
 */
import type { ParsedReport } from "../../../shared/report/types.js";
import { validateReport } from "./api.js";
import { byId, debounce, show } from "./dom.js";
import { explainError } from "./error-messages.js";
import { renderFindings } from "./findings-chips.js";
import { describePhiKinds, renderHighlights, type PhiSpan } from "./phi-highlight.js";

/** Pause after the last keystroke before validating. */
const VALIDATE_AFTER_MS = 300;

export type ReportState = { kind: "empty" } | { kind: "checking" } | { kind: "valid"; report: ParsedReport } | { kind: "phi" } | { kind: "invalid"; message: string };

export function wireReportPanel(onState: (state: ReportState) => void): { validateNow: () => void } {
  const textarea = byId("report", HTMLTextAreaElement);
  const backdrop = byId("report-highlights", HTMLDivElement);
  const status = byId("validation-status", HTMLParagraphElement);
  const chips = byId("findings-chips", HTMLUListElement);
  const view = byId("findings-view", HTMLParagraphElement);
  const phiWarning = byId("phi-warning", HTMLDivElement);
  let inFlight: AbortController | null = null;

  const setState = (state: ReportState, message: string) => {
    status.textContent = message;
    show(chips, state.kind === "valid");
    show(view, state.kind === "valid");
    if (state.kind !== "phi") show(phiWarning, false);
    textarea.setAttribute("aria-invalid", String(state.kind === "phi" || state.kind === "invalid"));
    onState(state);
  };

  const validate = async () => {
    inFlight?.abort();
    const text = textarea.value;
    renderHighlights(backdrop, text, []);
    if (text.trim() === "") return setState({ kind: "empty" }, "Type or paste a chest X-ray report, or pick an example.");
    const controller = new AbortController();
    inFlight = controller;
    setState({ kind: "checking" }, "Checking the report…");
    let result;
    try {
      result = await validateReport(text, controller.signal);
    } catch {
      return; // aborted: a newer keystroke is being validated
    }
    if (controller !== inFlight) return;
    if (result.ok) {
      renderFindings(result.body.report, chips, view);
      return setState({ kind: "valid", report: result.body.report }, "Report understood. Findings:");
    }
    const errors = (result.error.details as { errors?: Array<{ code: string; spans?: PhiSpan[] }> } | undefined)?.errors ?? [];
    const phi = errors.find((e) => e.code === "report_contains_phi");
    if (phi?.spans) {
      renderHighlights(backdrop, text, phi.spans);
      byId("phi-kinds", HTMLSpanElement).textContent = describePhiKinds(phi.spans);
      show(phiWarning, true);
      return setState({ kind: "phi" }, "This report cannot be used as it is.");
    }
    setState({ kind: "invalid", message: explainError(result.error) }, explainError(result.error));
  };

  const validateSoon = debounce(() => void validate(), VALIDATE_AFTER_MS);
  textarea.addEventListener("input", () => {
    renderHighlights(backdrop, textarea.value, []);
    validateSoon();
  });
  textarea.addEventListener("scroll", () => {
    backdrop.scrollTop = textarea.scrollTop;
  });
  return { validateNow: () => void validate() };
}
