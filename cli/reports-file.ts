/**
 * Reads the reports of a dataset order from a JSONL or CSV file and validates every one with
 * the same library the edge uses, so mistakes are reported per line before anything is sent.
 * JSONL: each non-blank line is a JSON string or an object with a "report" field.
 * CSV: a header row with a "report" column (or a single column), one report per row.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CsvError, parseCsvRecords } from "../shared/report/io/csv.js";
import { validateReport } from "../shared/report/index.js";
import { CliError } from "./errors.js";

export interface LineProblem {
  /** 1-based line of the file (CSV: the row's first line). */
  line: number;
  code: string;
  message: string;
}

export interface ReportsFile {
  reports: string[];
  problems: LineProblem[];
}

function fromJsonl(text: string): Array<{ line: number; report: unknown } | LineProblem> {
  const entries: Array<{ line: number; report: unknown } | LineProblem> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    try {
      const value = JSON.parse(raw) as unknown;
      const report = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as { report?: unknown }).report : value;
      entries.push({ line: i + 1, report });
    } catch {
      entries.push({ line: i + 1, code: "invalid_json", message: 'not valid JSON; each line must be a JSON string or {"report": "..."}' });
    }
  });
  return entries;
}

function fromCsv(text: string): Array<{ line: number; report: unknown }> {
  const records = parseCsvRecords(text);
  const column = records[0] && ("report" in records[0] ? "report" : Object.keys(records[0]).length === 1 ? Object.keys(records[0])[0]! : null);
  if (records.length > 0 && column === null) throw new CliError("invalidInput", 'the CSV needs a "report" column (or exactly one column)');
  // Rows are numbered from the header (line 1); a quoted multi-line report makes this approximate.
  return records.map((record, i) => ({ line: i + 2, report: record[column!] }));
}

export function parseReportsText(text: string, format: "jsonl" | "csv"): ReportsFile {
  let entries: Array<{ line: number; report: unknown } | LineProblem>;
  try {
    entries = format === "csv" ? fromCsv(text) : fromJsonl(text);
  } catch (err) {
    if (err instanceof CsvError) return { reports: [], problems: [{ line: err.line, code: err.code, message: err.message }] };
    throw err;
  }
  const reports: string[] = [];
  const problems: LineProblem[] = [];
  for (const entry of entries) {
    if ("code" in entry) {
      problems.push(entry);
      continue;
    }
    const result = validateReport(entry.report);
    if (result.ok) reports.push(entry.report as string);
    else for (const error of result.errors) problems.push({ line: entry.line, code: error.code, message: error.message });
  }
  if (entries.length === 0) problems.push({ line: 1, code: "no_reports", message: "the file holds no reports" });
  return { reports, problems };
}

export function formatOf(file: string): "jsonl" | "csv" {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  throw new CliError("usage", `--file must end in .jsonl, .ndjson or .csv, got "${path.basename(file)}"`);
}

export async function readReportsFile(file: string): Promise<ReportsFile> {
  const format = formatOf(file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new CliError("invalidInput", `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseReportsText(text, format);
}
