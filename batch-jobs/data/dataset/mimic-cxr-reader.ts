/**
 * Reader for MIMIC-CXR-JPG v2 (PhysioNet, credentialed access) so real data trains through the
 * same code as ours. Expected under `root`:
 *   files/pXX/pSUBJECT/sSTUDY/DICOM_ID.jpg
 *   mimic-cxr-2.0.0-metadata.csv[.gz]  (dicom_id, subject_id, study_id, ViewPosition, …)
 *   mimic-cxr-2.0.0-chexpert.csv[.gz]  (subject_id, study_id, 14 CheXpert labels)
 *   mimic-cxr-2.0.0-split.csv[.gz]     (only when a split is requested)
 * and reports (mimic-cxr-reports) under `reportsRoot` (default `root`): files/pXX/pSUBJECT/sSTUDY.txt.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseCsv, requireColumn, type CsvTable } from "../../../shared/dataset/csv.js";
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

async function readTable(root: string, base: string): Promise<{ file: string; table: CsvTable }> {
  const plain = path.join(root, base);
  const file = existsSync(plain) ? plain : existsSync(plain + ".gz") ? plain + ".gz" : null;
  if (file === null) throw new DatasetError("file_missing", plain, "MIMIC-CXR-JPG table not found (also looked for .gz)");
  return { file, table: parseCsv(await readTextFile(file), file) };
}

function requireDigits(value: string, file: string, line: number, column: string): string {
  if (!/^\d+$/.test(value)) throw new DatasetError("csv_malformed", file, `line ${line}: ${column} ${JSON.stringify(value)} is not a number`);
  return value;
}

export async function* readMimicCxrJpg(options: MimicCxrOptions): AsyncGenerator<MimicCxrRecord> {
  const { root } = options;
  const reportsRoot = options.reportsRoot ?? root;
  const onMissing = options.onMissing ?? "error";

  const chexpert = await readTable(root, "mimic-cxr-2.0.0-chexpert.csv");
  const labelsByStudy = new Map<string, Record<ChexpertLabel, ChexpertValue>>();
  {
    const { file, table } = chexpert;
    const subjectCol = requireColumn(table.header, ["subject_id"], file);
    const studyCol = requireColumn(table.header, ["study_id"], file);
    for (const l of CHEXPERT_LABELS) requireColumn(table.header, [l], file);
    for (const { line, values } of table.rows) {
      const labels = Object.fromEntries(
        CHEXPERT_LABELS.map((l) => [l, parseChexpertValue(values[l]!, file, `line ${line}, column ${l}`)]),
      ) as Record<ChexpertLabel, ChexpertValue>;
      labelsByStudy.set(`${values[subjectCol]}/${values[studyCol]}`, labels);
    }
  }

  let splitOf: Map<string, string> | null = null;
  if (options.split !== undefined) {
    const { file, table } = await readTable(root, "mimic-cxr-2.0.0-split.csv");
    const idCol = requireColumn(table.header, ["dicom_id"], file);
    const splitCol = requireColumn(table.header, ["split"], file);
    splitOf = new Map(table.rows.map(({ values }) => [values[idCol]!, values[splitCol]!]));
  }

  const { file: metaFile, table: meta } = await readTable(root, "mimic-cxr-2.0.0-metadata.csv");
  const idCol = requireColumn(meta.header, ["dicom_id"], metaFile);
  const subjectCol = requireColumn(meta.header, ["subject_id"], metaFile);
  const studyCol = requireColumn(meta.header, ["study_id"], metaFile);
  const viewCol = requireColumn(meta.header, ["ViewPosition"], metaFile);

  for (const { line, values } of meta.rows) {
    const dicomId = values[idCol]!;
    if (splitOf !== null && splitOf.get(dicomId) !== options.split) continue;
    const subjectId = requireDigits(values[subjectCol]!, metaFile, line, "subject_id");
    const studyId = requireDigits(values[studyCol]!, metaFile, line, "study_id");
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
      if (onMissing === "skip" && e instanceof DatasetError) continue;
      if (e instanceof DatasetError) throw new DatasetError("file_missing", reportPath, `report for study ${studyId} is missing (reportsRoot ${reportsRoot})`);
      throw e;
    }
    const viewPosition = values[viewCol]!;
    yield {
      id: dicomId,
      imagePath,
      report,
      labels: labelsByStudy.get(`${subjectId}/${studyId}`) ?? null,
      view: projectionFromViewPosition(viewPosition),
      subjectId,
      studyId,
      viewPosition,
    };
  }
}
