/** JSON views of stored records (what the API returns). */
import { FILE_EXTENSION, formatsOf, type DatasetView, type FileFormat, type GenerationView } from "../../../shared/api/index.js";
import { EDGE_CONFIG } from "../config.js";
import type { Dataset } from "../storage/datasets.js";
import type { Generation } from "../storage/generations.js";
import type { StoredImage } from "../storage/images.js";

export function imageUrl(origin: string, contentKey: string, format: FileFormat): string {
  return `${origin}/images/${contentKey}.${FILE_EXTENSION[format]}`;
}

export function generationView(g: Generation, origin: string, images: StoredImage[]): GenerationView {
  const done = g.status === "succeeded";
  const urls: { png?: string; dicom?: string } = {};
  if (done) for (const format of formatsOf(g.settings.format)) urls[format] = imageUrl(origin, g.contentKey, format);
  const { creditsReserved: _credits, ...settings } = g.settings;
  return {
    id: g.id,
    status: g.status,
    cached: g.cached,
    contentKey: g.contentKey,
    settings,
    findings: { labels: g.findings.labels, view: g.findings.view },
    images: done ? urls : null,
    quality: done ? (images.find((i) => i.quality)?.quality ?? null) : null,
    error: g.errorCode ? { code: g.errorCode, message: g.errorMessage ?? "" } : null,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  };
}

/** ETA from the measured rate since the job started; the assumed rate before any image exists. */
export function etaSeconds(d: Dataset, nowMs: number): number | null {
  const remaining = d.total - d.done - d.failed;
  if (remaining <= 0 || d.status === "cancelled" || d.status === "failed") return null;
  if (!d.startedAt || d.done === 0) return remaining * EDGE_CONFIG.assumedSecondsPerImage;
  const elapsed = (nowMs - Date.parse(d.startedAt)) / 1000;
  return Math.round((elapsed / d.done) * remaining);
}

export function datasetView(d: Dataset, origin: string, nowMs: number): DatasetView {
  const { reportCount: _count, source: _source, ...settings } = d.settings;
  return {
    id: d.id,
    status: d.status,
    progress: { done: d.done, failed: d.failed, total: d.total, etaSeconds: etaSeconds(d, nowMs) },
    settings,
    cost: { credits: d.costCredits },
    manifestUrl: `${origin}/v1/datasets/${d.id}/manifest`,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    completedAt: d.completedAt,
  };
}
