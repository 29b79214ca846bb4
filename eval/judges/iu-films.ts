/**
 * The IU robustness set: real radiologists' reports (../shared/data/iu-reports/dev.csv, never
 * copied into the repository), each parsed by the report library and drawn by the simulator from
 * the parsed condition; the film is then judged against the real report text.
 */
import { readFileSync } from "node:fs";
import { parseCsvRecords } from "../../shared/report/io/csv.js";
import { parseReport } from "../../shared/report/parse.js";
import { phantomConfig, simulate } from "../../batch-jobs/data/phantom/index.js";
import { filmToTensor } from "../../batch-jobs/data/tensors/film-tensor.js";
import { simulatorConfigFor } from "../../batch-jobs/rewards/condition-films.js";
import type { FilmBank } from "../../batch-jobs/rewards/film-bank.js";
import { truthOf } from "../../batch-jobs/rewards/targets.js";

/** IU report text as the generator would receive it: findings and impression sections. */
function reportText(row: Record<string, string>): string {
  const parts: string[] = [];
  if (row["findings"]?.trim()) parts.push(`FINDINGS: ${row["findings"].trim()}`);
  if (row["impression"]?.trim()) parts.push(`IMPRESSION: ${row["impression"].trim()}`);
  return parts.join("\n\n");
}

/** dev.csv rows (non-empty reports) before this one are the held-out IU set; the rows from it on are for validation. */
export const IU_VALIDATION_ROW = 500;

/** The rows of an evaluation split: held-out never reaches into the validation rows. */
export function iuSplitRows(split: "held-out" | "validation", count: number): { from: number; count: number } {
  return split === "validation" ? { from: IU_VALIDATION_ROW, count } : { from: 0, count: Math.min(count, IU_VALIDATION_ROW) };
}

/** The non-empty reports of dev.csv from row `from` (0-based, after dropping empty ones), `count` of them. */
export function iuFilmBank(csvPath: string, size: number, firstSeed: number, { from = 0, count = Infinity }: { from?: number; count?: number } = {}): FilmBank {
  const rows = parseCsvRecords(readFileSync(csvPath, "utf8")).map(reportText).filter((t) => t.length > 0).slice(from, from + count);
  const pixels = new Float32Array(rows.length * size * size);
  const truths = rows.map((text, i) => {
    const sample = simulate(phantomConfig({ ...simulatorConfigFor(parseReport(text).canonical.condition), size }), firstSeed + i);
    filmToTensor(sample.pixels, pixels, i * size * size);
    return truthOf(sample);
  });
  return { count: rows.length, size, pixels, truths, reports: rows, seeds: rows.map((_, i) => firstSeed + i) };
}
