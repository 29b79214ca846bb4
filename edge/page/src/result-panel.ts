/** The result area: progress while pending, then the image with findings, scores, badge and downloads, or the error. */
import type { GenerationView } from "../../../shared/api/index.js";
import type { ApiErrorBody } from "./api.js";
import { byId, el, show } from "./dom.js";
import type { FlowView } from "./generate-flow.js";
import { altText, qualityRows } from "./generate-flow.js";

const STATUS_WORDS = { sending: "Sending your report…", queued: "Queued: waiting for a GPU…", running: "Generating the image…" } as const;

export function resultPanel(): FlowView & { reset(): void } {
  const progress = byId("progress", HTMLDivElement);
  const progressText = byId("progress-text", HTMLParagraphElement);
  const error = byId("generate-error", HTMLDivElement);
  const result = byId("result", HTMLElement);

  const only = (visible: HTMLElement | null) => {
    for (const part of [progress, error, result]) show(part, part === visible);
  };

  return {
    reset: () => only(null),
    progress(status, elapsedSeconds) {
      only(progress);
      progressText.textContent = `${STATUS_WORDS[status]}${elapsedSeconds > 0 ? ` (${elapsedSeconds} s)` : ""}`;
    },
    failed(apiError: ApiErrorBody, message: string) {
      only(error);
      error.dataset.code = apiError.code;
      error.replaceChildren(el("p", {}, message), el("p", { class: "error__code" }, `Error code: ${apiError.code}`));
      error.focus();
    },
    succeeded(generation: GenerationView) {
      only(result);
      const image = byId("result-image", HTMLImageElement);
      image.src = generation.images?.png ?? "";
      image.alt = altText(generation);
      show(byId("cached-badge", HTMLSpanElement), generation.cached);
      const labels = Object.entries(generation.findings.labels).filter(([, v]) => v !== null);
      byId("result-findings", HTMLUListElement).replaceChildren(
        ...labels.map(([label, v]) => el("li", {}, `${label}: ${v === 1 ? "present" : v === 0 ? "absent" : "uncertain"}`)),
      );
      byId("result-quality", HTMLTableSectionElement).replaceChildren(...qualityRows(generation.quality));
      const downloads: Array<[string, string | undefined, string]> = [["download-png", generation.images?.png, "png"], ["download-dicom", generation.images?.dicom, "dcm"]];
      for (const [id, href, ext] of downloads) {
        const link = byId(id, HTMLAnchorElement);
        show(link, Boolean(href));
        if (href) {
          link.href = href;
          link.download = `cxr-${generation.contentKey.slice(0, 12)}.${ext}`;
        }
      }
      byId("result-heading", HTMLHeadingElement).focus();
    },
  };
}
