/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("" escapes one) and newlines. CRLF and LF
 * line ends are both accepted; a UTF-8 BOM is dropped. Errors name the file and the line.
 */
import { DatasetError } from "./errors.js";

export interface CsvTable {
  header: string[];
  /** Each row as a column → value map; `line` is the 1-based line where the row starts. */
  rows: Array<{ line: number; values: Record<string, string> }>;
}

/** All records as arrays of fields, each with the line it starts on. */
export function parseCsvRecords(text: string, file: string | null): Array<{ line: number; fields: string[] }> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let atFieldStart = true;
  const endRecord = () => {
    fields.push(field);
    // A blank line is no record (common at end of file).
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    atFieldStart = true;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (atFieldStart && c === '"') {
      const startLine = line;
      i++;
      for (;;) {
        if (i >= src.length) throw new DatasetError("csv_malformed", file, `line ${startLine}: quoted field is never closed`);
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        if (q === "\n") line++;
        field += q;
        i++;
      }
      const next = src[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        throw new DatasetError("csv_malformed", file, `line ${line}: unexpected character after a closing quote`);
      }
      atFieldStart = false;
      continue;
    }
    if (c === ",") { fields.push(field); field = ""; atFieldStart = true; i++; continue; }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && src[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (c === '"') throw new DatasetError("csv_malformed", file, `line ${line}: a quote inside an unquoted field (quote the whole field and double the quote)`);
    field += c;
    atFieldStart = false;
    i++;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}

/** First record is the header; every row must have as many fields as the header. */
export function parseCsv(text: string, file: string | null): CsvTable {
  const records = parseCsvRecords(text, file);
  const first = records[0];
  if (first === undefined) throw new DatasetError("csv_malformed", file, "the file is empty (a header row is required)");
  const header = first.fields.map((h) => h.trim());
  const rows = records.slice(1).map(({ line, fields }) => {
    if (fields.length !== header.length) {
      throw new DatasetError("csv_malformed", file, `line ${line}: ${fields.length} fields, the header has ${header.length}`);
    }
    const values: Record<string, string> = {};
    header.forEach((h, k) => { values[h] = fields[k]!; });
    return { line, values };
  });
  return { header, rows };
}

/** The first header name present among `candidates` (case-insensitive), or a csv_missing_column error. */
export function requireColumn(header: readonly string[], candidates: readonly string[], file: string | null): string {
  for (const c of candidates) {
    const found = header.find((h) => h.toLowerCase() === c.toLowerCase());
    if (found !== undefined) return found;
  }
  throw new DatasetError("csv_missing_column", file, `missing column ${candidates.map((c) => `"${c}"`).join(" or ")} (header: ${header.join(", ")})`);
}

export function escapeCsvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CRLF-free output (LF), fields quoted only when needed. */
export function formatCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [header, ...rows].map((r) => r.map(escapeCsvField).join(",") + "\n").join("");
}
