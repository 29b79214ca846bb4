/**
 * Reader for the simplest input a user has: a CSV with a header naming an image column (`path`
 * or `image`) and a report column (`report` or `text`); optional `view` column (PA/AP/lateral).
 * Relative image paths are resolved against the CSV's folder. Quoted fields may span lines.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseCsv, requireColumn } from "../../../shared/dataset/csv.js";
import { DatasetError } from "../../../shared/dataset/errors.js";
import { projectionFromViewPosition, type ImageReportRecord } from "./image-report-record.js";
import { readTextFile } from "./read-text.js";

export interface CsvReaderOptions {
  /** "error" (default): a missing image file stops with a DatasetError; "skip": leave the row out. */
  onMissing?: "error" | "skip";
}

export async function* readImageReportCsv(csvPath: string, options: CsvReaderOptions = {}): AsyncGenerator<ImageReportRecord> {
  const { header, rows } = parseCsv(await readTextFile(csvPath), csvPath);
  const imageCol = requireColumn(header, ["path", "image"], csvPath);
  const reportCol = requireColumn(header, ["report", "text"], csvPath);
  const viewCol = header.find((h) => h.toLowerCase() === "view") ?? null;
  const base = path.dirname(path.resolve(csvPath));
  for (const { line, values } of rows) {
    const rel = values[imageCol]!.trim();
    if (rel === "") throw new DatasetError("csv_malformed", csvPath, `line ${line}: empty ${imageCol}`);
    const imagePath = path.resolve(base, rel);
    if (!existsSync(imagePath)) {
      if (options.onMissing === "skip") continue;
      throw new DatasetError("file_missing", imagePath, `image named on line ${line} of ${csvPath} does not exist`);
    }
    yield {
      id: `line-${line}`,
      imagePath,
      report: values[reportCol]!,
      labels: null,
      view: viewCol === null ? null : projectionFromViewPosition(values[viewCol]!),
    };
  }
}
