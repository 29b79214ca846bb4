/**
 * Ingests one uploaded image: checks it against what the edge expects, stores it content-addressed
 * (R2 + D1), and when every requested format of the item is in, completes the item exactly once:
 * the generation succeeds or the dataset's progress advances, with one ledger row per image.
 */
import { FILE_CONTENT_TYPE, type ResultManifestLine } from "../../../shared/api/index.js";
import { sha256Hex } from "../../../shared/crypto/index.js";
import { chargeImage } from "../billing/charges.js";
import { EDGE_CONFIG } from "../config.js";
import { finishDatasetIfComplete } from "../datasets/completion.js";
import { ApiError } from "../errors.js";
import { nowIso } from "../ids.js";
import { validateReport } from "../../../shared/report/index.js";
import { addDatasetProgress, putDatasetReportOnce, transitionDataset, type Dataset } from "../storage/datasets.js";
import { transitionGeneration, type Findings, type Generation } from "../storage/generations.js";
import { imageObjectKey, putImage } from "../storage/images.js";
import { addItemFormat, completeItem, ensureJobItem, getJobItem, setJobStatus, type Job } from "../storage/jobs.js";
import { expectedItem } from "./expected-item.js";
import { looksLike } from "./file-signature.js";

export interface IngestResult {
  contentKey: string;
  itemComplete: boolean;
  /** False when this exact item was already complete (a duplicate upload). */
  applied: boolean;
}

function isDataset(owner: Generation | Dataset): owner is Dataset {
  return "partnerId" in owner;
}

/** Labels, view and canonical form of a simulated film's report, through the same validator partners' reports pass. */
function phantomFindings(report: string, problems: string[]): Findings | null {
  const result = validateReport(report);
  if (!result.ok) {
    problems.push(`the simulated report is invalid: ${result.errors.map((e) => e.code).join(", ")}`);
    return null;
  }
  return { labels: result.report.labels, view: result.report.view, canonical: result.report.canonical };
}

export async function ingestItem(env: Env, job: Job, itemIndex: number, line: ResultManifestLine, contentType: string, bytes: Uint8Array): Promise<IngestResult> {
  const expected = await expectedItem(env.DB, job, itemIndex);
  const problems: string[] = [];
  if (line.itemIndex !== itemIndex) problems.push(`manifest itemIndex ${line.itemIndex} differs from the URL's ${itemIndex}`);
  if (line.seed !== expected.seed) problems.push(`seed ${line.seed} differs from the expected ${expected.seed}`);
  if (line.contentKey !== undefined && line.contentKey !== expected.contentKey) problems.push("contentKey differs from the edge's key for this item");
  if (line.modelVersion !== expected.modelVersion) problems.push(`modelVersion ${line.modelVersion} differs from the ordered ${expected.modelVersion}`);
  if (!expected.formats.includes(line.format)) problems.push(`format ${line.format} was not ordered (ordered: ${expected.formats.join(", ")})`);
  if (contentType.split(";")[0]!.trim().toLowerCase() !== FILE_CONTENT_TYPE[line.format]) problems.push(`Content-Type must be ${FILE_CONTENT_TYPE[line.format]} for ${line.format}`);
  if (!looksLike(line.format, bytes)) problems.push(`the body is not a ${line.format.toUpperCase()} file`);
  const simulated = isDataset(expected.owner) && expected.owner.settings.source === "phantom";
  if (simulated && line.report === undefined) problems.push("report is required for simulated (phantom) items");
  if (!simulated && line.report !== undefined) problems.push("report is only accepted for simulated (phantom) items");
  const findings = simulated && line.report !== undefined ? phantomFindings(line.report, problems) : null;
  if (problems.length > 0) throw new ApiError(422, "result_rejected", `Upload rejected: ${problems.join("; ")}.`, { problems });

  const owner = expected.owner;
  // A repeat of a file already in (a retried shard): a no-op, even after the order settled.
  const existing = await getJobItem(env.DB, job.id, itemIndex);
  if (existing?.status === "done" && existing.formatsDone.includes(line.format)) return { contentKey: expected.contentKey, itemComplete: true, applied: false };
  if (owner.status === "cancelled") throw new ApiError(409, "job_cancelled", "The dataset was cancelled; its results are no longer accepted.");
  // A finished order was settled (undelivered images refunded): late results would unbalance it.
  const settled = isDataset(owner) ? owner.status === "succeeded" || owner.status === "failed" : owner.status === "failed";
  if (settled) throw new ApiError(409, "job_finished", `This ${isDataset(owner) ? "dataset" : "generation"} is already ${owner.status}; late results are not accepted.`);

  const at = nowIso();
  await putImage(
    env.DB,
    env.IMAGES,
    {
      contentKey: expected.contentKey,
      format: line.format,
      r2Key: imageObjectKey(expected.contentKey, line.format),
      bytes: bytes.byteLength,
      sha256: await sha256Hex(bytes),
      quality: line.quality ?? null,
      modelVersion: expected.modelVersion,
      createdAt: at,
    },
    bytes,
  );
  if (findings && line.report !== undefined) await putDatasetReportOnce(env.DB, owner.id, { reportIndex: itemIndex, text: line.report, findings });
  await ensureJobItem(env.DB, job.id, { itemIndex, reportIndex: expected.reportIndex, sampleIndex: expected.sampleIndex, seed: expected.seed, contentKey: expected.contentKey });
  const item = await addItemFormat(env.DB, job.id, itemIndex, line.format, line.quality ?? null);
  const complete = expected.formats.every((f) => item?.formatsDone.includes(f));
  if (!complete) return { contentKey: expected.contentKey, itemComplete: false, applied: true };
  const previous = await completeItem(env.DB, job.id, itemIndex);
  if (previous === null) return { contentKey: expected.contentKey, itemComplete: true, applied: false };

  await setJobStatus(env.DB, job.id, ["created", "submitted"], "running", at);
  if (isDataset(owner)) {
    await chargeImage(env.DB, owner.partnerId, `dataset:${owner.id}:${itemIndex}`, "dataset", EDGE_CONFIG.creditsPerGeneratedImage, at);
    await transitionDataset(env.DB, owner.id, ["queued"], "running", at);
    const updated = await addDatasetProgress(env.DB, owner.id, 1, previous === "failed" ? -1 : 0, at);
    if (updated) await finishDatasetIfComplete(env.DB, env.GENERATION_QUEUE, updated, env.PUBLIC_ORIGIN);
  } else {
    if (await transitionGeneration(env.DB, owner.id, ["queued", "running"], "succeeded", at)) {
      await chargeImage(env.DB, owner.owner, `generation:${owner.id}`, "generated", owner.settings.creditsReserved, at);
    }
    await setJobStatus(env.DB, job.id, ["created", "submitted", "running"], "succeeded", at);
  }
  return { contentKey: expected.contentKey, itemComplete: true, applied: true };
}
