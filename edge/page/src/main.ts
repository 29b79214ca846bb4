/** The demo page: wires the report box, examples, settings, generate flow and allowance together. */
import { refreshAllowance, wireCheckout } from "./allowance.js";
import { byId, el } from "./dom.js";
import { EXAMPLES } from "./examples.js";
import { runGeneration } from "./generate-flow.js";
import { wireReportPanel, type ReportState } from "./report-panel.js";
import { resultPanel } from "./result-panel.js";
import { DEMO_SETTINGS } from "./settings.js";

function wireSettings(): void {
  const size = byId("size", HTMLSelectElement);
  size.replaceChildren(...DEMO_SETTINGS.sizes.map((s) => el("option", { value: String(s) }, `${s} × ${s} px`)));
  size.value = String(DEMO_SETTINGS.defaults.size);
  const seed = byId("seed", HTMLInputElement);
  Object.assign(seed, { min: String(DEMO_SETTINGS.seed.min), max: String(DEMO_SETTINGS.seed.max), value: String(DEMO_SETTINGS.defaults.seed) });
  const steps = byId("steps", HTMLInputElement);
  Object.assign(steps, { min: String(DEMO_SETTINGS.steps.min), max: String(DEMO_SETTINGS.steps.max), value: String(DEMO_SETTINGS.defaults.steps) });
  byId("random-seed", HTMLButtonElement).addEventListener("click", () => {
    seed.value = String(Math.floor(Math.random() * 100_000));
  });
}

function main(): void {
  wireSettings();
  wireCheckout();
  const form = byId("generate-form", HTMLFormElement);
  const textarea = byId("report", HTMLTextAreaElement);
  const button = byId("generate", HTMLButtonElement);
  const blocked = byId("generate-blocked", HTMLParagraphElement);
  const panel = resultPanel();
  let state: ReportState = { kind: "empty" };
  let busy = false;

  const updateButton = () => {
    const reason = busy ? "" : state.kind === "phi" ? "Remove the highlighted personal information first." : state.kind === "empty" ? "Type a report first." : state.kind === "invalid" ? state.message : "";
    button.disabled = busy || state.kind === "phi" || state.kind === "empty";
    blocked.textContent = reason;
  };
  const reportPanel = wireReportPanel((next) => {
    state = next;
    updateButton();
  });

  byId("examples", HTMLUListElement).replaceChildren(
    ...EXAMPLES.map((example) => {
      const pick = el("button", { type: "button", class: "example" }, example.title);
      pick.addEventListener("click", () => {
        textarea.value = example.report;
        textarea.focus();
        reportPanel.validateNow();
      });
      return el("li", {}, pick);
    }),
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // Ctrl+Enter submits even while the button is disabled: the same rules apply.
    if (busy || state.kind === "phi" || state.kind === "empty" || !form.reportValidity()) return;
    busy = true;
    updateButton();
    const input = { report: textarea.value, seed: Number(byId("seed", HTMLInputElement).value), steps: Number(byId("steps", HTMLInputElement).value), size: Number(byId("size", HTMLSelectElement).value) };
    void runGeneration(input, panel).finally(() => {
      busy = false;
      updateButton();
      void refreshAllowance();
    });
  });
  // Ctrl/Cmd+Enter in the report box generates, like a chat box.
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });

  panel.reset();
  updateButton();
  if (textarea.value.trim()) reportPanel.validateNow();
  void refreshAllowance();
}

main();
