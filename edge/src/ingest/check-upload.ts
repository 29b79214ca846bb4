/** Validation of an upload against what the edge expects: every problem found, in one 422. */
import { FILE_CONTENT_TYPE } from "../../../shared/api/index.js";
import { validateReport } from "../../../shared/report/index.js";
import { ApiError } from "../errors.js";
import type { Findings } from "../storage/generations.js";
import type { ExpectedItem } from "./expected-item.js";
import { looksLike } from "./file-signature.js";
import type { Upload } from "./upload.js";

/** Labels, view and canonical form of a simulated film's report, through the same validator partners' reports pass. */
function phantomFindings(report: string, problems: string[]): Findings | null {
  const result = validateReport(report);
  if (!result.ok) {
    problems.push(`the simulated report is invalid: ${result.errors.map((e) => e.code).join(", ")}`);
    return null;
  }
  return { labels: result.report.labels, view: result.report.view, canonical: result.report.canonical };
}

/** Returns the findings of a simulated film's report (null for any other item), or throws listing every problem. */
export function checkUpload(expected: ExpectedItem, { itemIndex, line, contentType, bytes }: Upload): Findings | null {
  const problems: string[] = [];
  if (line.itemIndex !== itemIndex) problems.push(`manifest itemIndex ${line.itemIndex} differs from the URL's ${itemIndex}`);
  if (line.seed !== expected.seed) problems.push(`seed ${line.seed} differs from the expected ${expected.seed}`);
  if (line.contentKey !== undefined && line.contentKey !== expected.contentKey) problems.push("contentKey differs from the edge's key for this item");
  if (line.modelVersion !== expected.modelVersion) problems.push(`modelVersion ${line.modelVersion} differs from the ordered ${expected.modelVersion}`);
  if (!expected.formats.includes(line.format)) problems.push(`format ${line.format} was not ordered (ordered: ${expected.formats.join(", ")})`);
  if (contentType.split(";")[0]!.trim().toLowerCase() !== FILE_CONTENT_TYPE[line.format]) problems.push(`Content-Type must be ${FILE_CONTENT_TYPE[line.format]} for ${line.format}`);
  if (!looksLike(line.format, bytes)) problems.push(`the body is not a ${line.format.toUpperCase()} file`);
  const simulated = expected.order.kind === "dataset" && expected.order.dataset.settings.source === "phantom";
  if (simulated && line.report === undefined) problems.push("report is required for simulated (phantom) items");
  if (!simulated && line.report !== undefined) problems.push("report is only accepted for simulated (phantom) items");
  const findings = simulated && line.report !== undefined ? phantomFindings(line.report, problems) : null;
  if (problems.length > 0) throw new ApiError(422, "result_rejected", `Upload rejected: ${problems.join("; ")}.`, { problems });
  return findings;
}
