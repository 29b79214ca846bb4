/**
 * Where things live inside a dataset folder (or object-store prefix). Paths are POSIX, relative
 * to the dataset root, and written into the manifest, so readers never recompute them.
 */
import type { FileFormat } from "../sampler/formats.js";
import { DatasetError } from "./errors.js";

export const MANIFEST_FILE = "manifest.jsonl";
export const LABELS_CSV_FILE = "labels.csv";
export const DATASET_CARD_FILE = "dataset_card.md";
/** Per-image records written while a dataset is in progress; removed at finalisation. */
export const PENDING_DIR = ".pending";

/** At most this many files in one shard folder (keeps directory listings and S3 LISTs short). */
export const SHARD_SIZE = 1000;

/** A dataset holds the stored file formats of shared/sampler. */
export type ImageFormat = FileFormat;

/** Top folder and file extension per format; PNG and DICOM never share a shard folder. */
export const FORMAT_LAYOUT: Record<ImageFormat, { dir: string; ext: string }> = {
  png: { dir: "images", ext: "png" },
  dicom: { dir: "dicom", ext: "dcm" },
};

/**
 * Ids are file names and DICOM PatientIDs (LO, ≤ 64 chars), so: letters, digits, `.`, `_`, `-`,
 * starting with a letter or digit. Sorting is by UTF-16 code unit (JS default), which for this
 * alphabet equals byte order, so every runtime sorts the manifest the same way.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function assertValidId(id: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new DatasetError("id_invalid", null, `image id ${JSON.stringify(id)} must match ${ID_PATTERN.source}`);
  }
}

/** Shard folder name for the image with this ordinal (0-based position in the dataset). */
export function shardName(ordinal: number): string {
  if (!Number.isInteger(ordinal) || ordinal < 0) throw new RangeError(`ordinal must be a non-negative integer, got ${ordinal}`);
  return String(Math.floor(ordinal / SHARD_SIZE)).padStart(3, "0");
}

/** e.g. imagePath(1234, "phantom-001234", "png") === "images/001/phantom-001234.png". */
export function imagePath(ordinal: number, id: string, format: ImageFormat): string {
  assertValidId(id);
  const { dir, ext } = FORMAT_LAYOUT[format];
  return `${dir}/${shardName(ordinal)}/${id}.${ext}`;
}

export function pendingRecordPath(ordinal: number, id: string): string {
  assertValidId(id);
  return `${PENDING_DIR}/${shardName(ordinal)}/${id}.json`;
}

/** Rejects absolute paths, `..`, backslashes and empty segments, so a manifest cannot point outside its dataset. */
export function assertSafeRelativePath(path: string, file: string | null): void {
  const segments = path.split("/");
  const bad = path.length === 0 || path.startsWith("/") || path.includes("\\") ||
    segments.some((s) => s === "" || s === "." || s === "..");
  if (bad) throw new DatasetError("path_invalid", file, `path ${JSON.stringify(path)} must be relative, inside the dataset, with / separators`);
}
