/** A dataset's manifest as a JSONL stream: one line per image, with signed file URLs when done. */
import { FILE_EXTENSION, formatsOf, type DatasetManifestLine } from "../../../shared/api/index.js";
import { itemSeed } from "../../../shared/keys/index.js";
import { signPath } from "../auth/signed-url.js";
import { pagedJsonlStream } from "../routes/jsonl-stream.js";
import { datasetReportsInRange, pageDatasetReports, type Dataset } from "../storage/datasets.js";
import { imageHashes } from "../storage/images.js";
import { jobIdFor, pageJobItems, type JobItem } from "../storage/jobs.js";

/** Reports per page: with samplesPerReport ≤ 64 a page stays a few thousand lines at most. */
const REPORTS_PER_PAGE = 100;

export interface ManifestOptions {
  origin: string;
  urlSigningSecret: string;
  /** Unix seconds at which the signed file URLs stop working. */
  expires: number;
}

export function manifestStream(db: D1Database, dataset: Dataset, options: ManifestOptions): ReadableStream<Uint8Array> {
  if (dataset.settings.source === "phantom") return phantomManifestStream(db, dataset, options);
  const spr = dataset.settings.samplesPerReport;
  const formats = formatsOf(dataset.settings.format);
  return pagedJsonlStream(async (from) => {
    const reports = await pageDatasetReports(db, dataset.id, from, REPORTS_PER_PAGE);
    if (reports.length === 0) return { lines: [], next: null };
    const items = await pageJobItems(db, jobIdFor(dataset.id), from * spr, reports.length * spr);
    const byIndex = new Map(items.map((item) => [item.itemIndex, item]));
    const hashes = await doneFileHashes(db, items);
    const lines: DatasetManifestLine[] = [];
    for (const report of reports) {
      for (let sample = 0; sample < spr; sample++) {
        const index = report.reportIndex * spr + sample;
        const item = byIndex.get(index);
        const files: DatasetManifestLine["files"] = {};
        if (item?.status === "done") {
          for (const format of formats) {
            files[format] = options.origin + (await signPath(options.urlSigningSecret, `/v1/files/${dataset.id}/${index}.${FILE_EXTENSION[format]}`, options.expires));
          }
        }
        lines.push({
          index,
          reportIndex: report.reportIndex,
          sampleIndex: sample,
          seed: itemSeed(dataset.settings.seed, report.reportIndex, sample, spr),
          contentKey: item?.contentKey ?? "",
          status: item?.status ?? "pending",
          labels: report.findings.labels,
          view: report.findings.view,
          report: report.text,
          quality: item?.quality ?? null,
          files,
          sha256: item?.status === "done" ? (hashes.get(item.contentKey) ?? {}) : {},
        });
      }
    }
    return { lines, next: reports.length === REPORTS_PER_PAGE ? reports.at(-1)!.reportIndex + 1 : null };
  });
}

/** File digests of the finished items of a page, so downloads can be verified. */
function doneFileHashes(db: D1Database, items: JobItem[]) {
  return imageHashes(db, items.filter((item) => item.status === "done").map((item) => item.contentKey));
}

async function signedFiles(dataset: Dataset, index: number, options: ManifestOptions): Promise<DatasetManifestLine["files"]> {
  const files: DatasetManifestLine["files"] = {};
  for (const format of formatsOf(dataset.settings.format)) {
    files[format] = options.origin + (await signPath(options.urlSigningSecret, `/v1/files/${dataset.id}/${index}.${FILE_EXTENSION[format]}`, options.expires));
  }
  return files;
}

/**
 * Phantom orders: one line per film index (films arrive in any order, and a film's report and
 * labels are known only once it is uploaded; until then report is "" and labels are empty).
 */
function phantomManifestStream(db: D1Database, dataset: Dataset, options: ManifestOptions): ReadableStream<Uint8Array> {
  return pagedJsonlStream(async (from) => {
    const to = Math.min(dataset.total, from + REPORTS_PER_PAGE);
    if (from >= to) return { lines: [], next: null };
    const reports = new Map((await datasetReportsInRange(db, dataset.id, from, to)).map((r) => [r.reportIndex, r]));
    const page = await pageJobItems(db, jobIdFor(dataset.id), from, to - from);
    const items = new Map(page.map((item) => [item.itemIndex, item]));
    const hashes = await doneFileHashes(db, page);
    const lines: DatasetManifestLine[] = [];
    for (let index = from; index < to; index++) {
      const item = items.get(index);
      const report = reports.get(index);
      lines.push({
        index,
        reportIndex: index,
        sampleIndex: 0,
        seed: itemSeed(dataset.settings.seed, index, 0, 1),
        contentKey: item?.contentKey ?? "",
        status: item?.status ?? "pending",
        labels: report?.findings.labels ?? {},
        view: report?.findings.view ?? null,
        report: report?.text ?? "",
        quality: item?.quality ?? null,
        files: item?.status === "done" ? await signedFiles(dataset, index, options) : {},
        sha256: item?.status === "done" ? (hashes.get(item.contentKey) ?? {}) : {},
      });
    }
    return { lines, next: to < dataset.total ? to : null };
  });
}
