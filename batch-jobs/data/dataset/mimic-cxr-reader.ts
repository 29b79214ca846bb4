/**
 * Reader for MIMIC-CXR-JPG v2 (PhysioNet, credentialed access) so real data trains through the
 * same code as ours. Expected under `root`:
 *   files/pXX/pSUBJECT/sSTUDY/DICOM_ID.jpg
 *   mimic-cxr-2.0.0-metadata.csv[.gz]  (dicom_id, subject_id, study_id, ViewPosition, …)
 *   mimic-cxr-2.0.0-chexpert.csv[.gz]  (subject_id, study_id, 14 CheXpert labels)
 *   mimic-cxr-2.0.0-split.csv[.gz]     (only when a split is requested)
 * and reports (mimic-cxr-reports) under `reportsRoot` (default `root`): files/pXX/pSUBJECT/sSTUDY.txt.
 * Tables are streamed row by row and labels kept packed (14 bytes per study): the full
 * 377k-image metadata does not need gigabytes.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { requireColumnIndex, streamCsv } from "../../../shared/dataset/csv.js";
import { DatasetError } from "../../../shared/dataset/errors.js";
import { parseChexpertValue } from "../../../shared/dataset/labels-csv.js";
import { CHEXPERT_LABELS, type ChexpertLabel, type ChexpertValue } from "../../../shared/report/types.js";
import { readFileOrFail } from "../images/decode-image.js";
import { projectionFromViewPosition, type ImageReportRecord } from "./image-report-record.js";
import { readTextFile } from "./read-text.js";

export interface MimicCxrOptions {
  root: string;
  reportsRoot?: string;
  /** Only this split (needs mimic-cxr-2.0.0-split.csv). */
  split?: "train" | "validate" | "test";
  /** "error" (default): a missing image or report stops with a DatasetError; "skip": leave the image out. */
  onMissing?: "error" | "skip";
}

export interface MimicCxrRecord extends ImageReportRecord {
  subjectId: string;
  studyId: string;
  /** ViewPosition as written in the metadata (e.g. "AP", "LATERAL", "" ). */
  viewPosition: string;
}

async function openTable(root: string, base: string) {
  const plain = path.join(root, base);
  const file = existsSync(plain) ? plain : existsSync(plain + ".gz") ? plain + ".gz" : null;
  if (file === null) throw new DatasetError("file_missing", plain, "MIMIC-CXR-JPG table not found (also looked for .gz)");
  return { file, ...streamCsv(await readTextFile(file), file) };
}

function requireDigits(value: string, file: string, line: number, column: string): string {
  if (!/^\d+$/.test(value)) throw new DatasetError("csv_malformed", file, `line ${line}: ${column} ${JSON.stringify(value)} is not a number`);
  return value;
}

/** Labels packed as one byte per observation: 1, 0, -1, or 2 for blank. */
const BLANK = 2;

async function readLabels(root: string): Promise<Map<string, Int8Array>> {
  const { file, header, rows } = await openTable(root, "mimic-cxr-2.0.0-chexpert.csv");
  const subject = requireColumnIndex(header, ["subject_id"], file);
  const study = requireColumnIndex(header, ["study_id"], file);
  const columns = CHEXPERT_LABELS.map((l) => requireColumnIndex(header, [l], file));
  const byStudy = new Map<string, Int8Array>();
  for (const { line, fields } of rows) {
    const packed = new Int8Array(CHEXPERT_LABELS.length);
    columns.forEach((col, k) => {
      const v = parseChexpertValue(fields[col]!, file, `line ${line}, column ${CHEXPERT_LABELS[k]}`);
      packed[k] = v === null ? BLANK : v;
    });
    byStudy.set(`${fields[subject]}/${fields[study]}`, packed);
  }
  return byStudy;
}

function unpackLabels(packed: Int8Array): Record<ChexpertLabel, ChexpertValue> {
  return Object.fromEntries(CHEXPERT_LABELS.map((l, k) => [l, packed[k] === BLANK ? null : packed[k]])) as Record<ChexpertLabel, ChexpertValue>;
}

async function readSplit(root: string): Promise<Map<string, string>> {
  const { file, header, rows } = await openTable(root, "mimic-cxr-2.0.0-split.csv");
  const id = requireColumnIndex(header, ["dicom_id"], file);
  const split = requireColumnIndex(header, ["split"], file);
  const out = new Map<string, string>();
  for (const { fields } of rows) out.set(fields[id]!, fields[split]!);
  return out;
}

export async function* readMimicCxrJpg(options: MimicCxrOptions): AsyncGenerator<MimicCxrRecord> {
  const { root } = options;
  const reportsRoot = options.reportsRoot ?? root;
  const onMissing = options.onMissing ?? "error";
  const labelsByStudy = await readLabels(root);
  const splitOf = options.split === undefined ? null : await readSplit(root);

  const { file: metaFile, header, rows } = await openTable(root, "mimic-cxr-2.0.0-metadata.csv");
  const idCol = requireColumnIndex(header, ["dicom_id"], metaFile);
  const subjectCol = requireColumnIndex(header, ["subject_id"], metaFile);
  const studyCol = requireColumnIndex(header, ["study_id"], metaFile);
  const viewCol = requireColumnIndex(header, ["ViewPosition"], metaFile);

  for (const { line, fields } of rows) {
    const dicomId = fields[idCol]!;
    if (splitOf !== null && splitOf.get(dicomId) !== options.split) continue;
    const subjectId = requireDigits(fields[subjectCol]!, metaFile, line, "subject_id");
    const studyId = requireDigits(fields[studyCol]!, metaFile, line, "study_id");
    const group = `p${subjectId.slice(0, 2)}`;
    const imagePath = path.join(root, "files", group, `p${subjectId}`, `s${studyId}`, `${dicomId}.jpg`);
    const reportPath = path.join(reportsRoot, "files", group, `p${subjectId}`, `s${studyId}.txt`);
    if (!existsSync(imagePath)) {
      if (onMissing === "skip") continue;
      throw new DatasetError("file_missing", imagePath, `image for dicom_id ${dicomId} (${metaFile} line ${line}) is missing`);
    }
    let report: string;
    try {
      report = (await readFileOrFail(reportPath)).toString("utf8");
    } catch (e) {
      if (!(e instanceof DatasetError)) throw e;
      if (onMissing === "skip") continue;
      throw new DatasetError("file_missing", reportPath, `report for study ${studyId} is missing (reportsRoot ${reportsRoot})`);
    }
    const viewPosition = fields[viewCol]!;
    const packed = labelsByStudy.get(`${subjectId}/${studyId}`);
    yield {
      id: dicomId,
      imagePath,
      report,
      labels: packed === undefined ? null : unpackLabels(packed),
      view: projectionFromViewPosition(viewPosition),
      subjectId,
      studyId,
      viewPosition,
    };
  }
}
