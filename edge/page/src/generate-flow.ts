/**
 * Generate: send the report and settings, follow the generation while it is queued or running
 * (polling, with the elapsed time announced politely), then show the image, its findings, its
 * quality scores, the cache badge and the downloads — or the error in the visitor's words.
 */
import type { GenerationView } from "../../../shared/api/index.js";
import { createGeneration, getGeneration, type ApiErrorBody, type GenerationInput } from "./api.js";
import { el } from "./dom.js";
import { explainError } from "./error-messages.js";

/** How often a pending generation is polled, and for how long at most. */
const POLL_INTERVAL_MS = 1000;
const POLL_LIMIT_MS = 10 * 60 * 1000;

export interface FlowView {
  progress(status: "sending" | "queued" | "running", elapsedSeconds: number): void;
  succeeded(generation: GenerationView): void;
  failed(error: ApiErrorBody, message: string): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runGeneration(input: GenerationInput, view: FlowView): Promise<void> {
  const started = Date.now();
  const elapsed = () => Math.round((Date.now() - started) / 1000);
  view.progress("sending", 0);
  const created = await createGeneration(input);
  if (!created.ok) return view.failed(created.error, explainError(created.error));
  let generation = created.body;
  while (generation.status === "queued" || generation.status === "running") {
    view.progress(generation.status, elapsed());
    if (Date.now() - started > POLL_LIMIT_MS) {
      const error = { code: "generation_timeout", message: "still not finished after 10 minutes" };
      return view.failed(error, "The image is taking unusually long. Try again later; the same request will be served from the cache once it is done.");
    }
    await sleep(POLL_INTERVAL_MS);
    const polled = await getGeneration(generation.id);
    if (!polled.ok) return view.failed(polled.error, explainError(polled.error));
    generation = polled.body;
  }
  if (generation.status === "failed") {
    const error = generation.error ?? { code: "generation_failed", message: "" };
    return view.failed(error, explainError(error, true));
  }
  view.succeeded(generation);
}

/** The alt text: what the image is meant to show, from the parsed findings. */
export function altText(generation: GenerationView): string {
  const positive = Object.entries(generation.findings.labels).filter(([, v]) => v === 1).map(([label]) => label.toLowerCase());
  const shows = positive.length ? `showing ${positive.join(", ")}` : "with no positive finding";
  return `Synthetic chest X-ray, ${generation.settings.size} by ${generation.settings.size} pixels, generated from your report ${shows}.`;
}

export function qualityRows(quality: Record<string, number> | null): HTMLTableRowElement[] {
  if (!quality || Object.keys(quality).length === 0) return [el("tr", {}, el("td", { colspan: "2" }, "No quality scores for this image."))];
  return Object.entries(quality).map(([name, value]) => el("tr", {}, el("th", { scope: "row" }, name), el("td", {}, value.toFixed(3))));
}
