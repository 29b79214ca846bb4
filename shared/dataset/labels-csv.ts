/**
 * labels.csv in CheXpert's train.csv layout so existing CXR training code reads it unchanged:
 * Path, Sex, Age, Frontal/Lateral, AP/PA, then the 14 observations as 1.0 / 0.0 / -1.0 / empty.
 * Sex and Age are empty: a synthetic image has no patient (pandas reads them as NaN).
 * No extra columns: much CheXpert code takes "every column after the fifth" as the labels.
 */
import { CHEXPERT_LABELS, type ChexpertLabel, type ChexpertValue, type Projection } from "../report/types.js";
import { formatCsv, parseCsv, requireColumn } from "./csv.js";
import { DatasetError } from "./errors.js";
import type { ManifestLine } from "./manifest.js";

export const LABELS_CSV_COLUMNS = ["Path", "Sex", "Age", "Frontal/Lateral", "AP/PA", ...CHEXPERT_LABELS] as const;

export function formatChexpertValue(v: ChexpertValue): string {
  return v === null ? "" : v === 1 ? "1.0" : v === 0 ? "0.0" : "-1.0";
}

/** Accepts CheXpert's spellings (1.0, 1, 0.0, 0, -1.0, -1, empty). */
export function parseChexpertValue(text: string, file: string | null, where: string): ChexpertValue {
  const t = text.trim();
  if (t === "") return null;
  const n = Number(t);
  if (n === 1 || n === 0 || n === -1) return n;
  throw new DatasetError("label_invalid", file, `${where}: label value ${JSON.stringify(text)} is not 1.0, 0.0, -1.0 or empty`);
}

export function labelsCsvRow(line: ManifestLine): string[] {
  const frontal = line.view !== "lateral";
  return [
    line.file,
    "",
    "",
    frontal ? "Frontal" : "Lateral",
    frontal ? line.view : "",
    ...CHEXPERT_LABELS.map((l) => formatChexpertValue(line.labels[l])),
  ];
}

/** Rows in manifest order (sorted by id). */
export function formatLabelsCsv(lines: readonly ManifestLine[]): string {
  return formatCsv(LABELS_CSV_COLUMNS, lines.map(labelsCsvRow));
}

export interface LabelsCsvRow {
  path: string;
  view: Projection;
  labels: Record<ChexpertLabel, ChexpertValue>;
}

export function parseLabelsCsv(text: string, file: string | null): LabelsCsvRow[] {
  const table = parseCsv(text, file);
  for (const c of LABELS_CSV_COLUMNS) requireColumn(table.header, [c], file);
  return table.rows.map(({ line, values }) => {
    const frontal = values["Frontal/Lateral"];
    const appa = values["AP/PA"];
    let view: Projection;
    if (frontal === "Lateral") view = "lateral";
    else if (frontal === "Frontal" && (appa === "AP" || appa === "PA")) view = appa;
    else throw new DatasetError("label_invalid", file, `line ${line}: Frontal/Lateral ${JSON.stringify(frontal)} with AP/PA ${JSON.stringify(appa)} is not a known view`);
    const labels = Object.fromEntries(
      CHEXPERT_LABELS.map((l) => [l, parseChexpertValue(values[l]!, file, `line ${line}, column ${l}`)]),
    ) as Record<ChexpertLabel, ChexpertValue>;
    return { path: values.Path!, view, labels };
  });
}
