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

const COMMA = 44, QUOTE = 34, CR = 13, LF = 10;

/**
 * Records one at a time (arrays of fields with the line each starts on), so multi-hundred-MB
 * tables (MIMIC-CXR metadata) are never held as rows. Unquoted fields are sliced, not built
 * character by character.
 */
export function* csvRecords(text: string, file: string | null): Generator<{ line: number; fields: string[] }> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = src.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      // One field starting at i.
      if (src.charCodeAt(i) === QUOTE) {
        let value = "";
        let start = i + 1;
        const startLine = line;
        for (;;) {
          const q = src.indexOf('"', start);
          if (q < 0) throw new DatasetError("csv_malformed", file, `line ${startLine}: quoted field is never closed`);
          value += src.slice(start, q);
          for (let k = start; k < q; k++) if (src.charCodeAt(k) === LF) line++;
          if (src.charCodeAt(q + 1) === QUOTE) { value += '"'; start = q + 2; continue; }
          i = q + 1;
          break;
        }
        const next = src.charCodeAt(i);
        if (i < n && next !== COMMA && next !== LF && next !== CR) {
          throw new DatasetError("csv_malformed", file, `line ${line}: unexpected character after a closing quote`);
        }
        fields.push(value);
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = src.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) throw new DatasetError("csv_malformed", file, `line ${line}: a quote inside an unquoted field (quote the whole field and double the quote)`);
        }
        fields.push(src.slice(i, j));
        i = j;
      }
      const c = src.charCodeAt(i);
      if (c === COMMA) { i++; continue; }
      // End of record: CRLF, LF, CR or end of text.
      if (c === CR && src.charCodeAt(i + 1) === LF) i += 2;
      else if (i < n) i++;
      if (c === CR || c === LF) line++;
      break;
    }
    // A blank line is no record (common at end of file).
    if (!(fields.length === 1 && fields[0] === "")) yield { line: recordLine, fields };
  }
}

/** All records as arrays of fields, each with the line it starts on. */
export function parseCsvRecords(text: string, file: string | null): Array<{ line: number; fields: string[] }> {
  return [...csvRecords(text, file)];
}

/** Header plus a lazy stream of rows, each checked to have as many fields as the header. */
export function streamCsv(text: string, file: string | null): { header: string[]; rows: Generator<{ line: number; fields: string[] }> } {
  const records = csvRecords(text, file);
  const first = records.next();
  if (first.done) throw new DatasetError("csv_malformed", file, "the file is empty (a header row is required)");
  const header = first.value.fields.map((h) => h.trim());
  function* rows(): Generator<{ line: number; fields: string[] }> {
    for (const record of records) {
      if (record.fields.length !== header.length) {
        throw new DatasetError("csv_malformed", file, `line ${record.line}: ${record.fields.length} fields, the header has ${header.length}`);
      }
      yield record;
    }
  }
  return { header, rows: rows() };
}

/** First record is the header; every row must have as many fields as the header. */
export function parseCsv(text: string, file: string | null): CsvTable {
  const { header, rows } = streamCsv(text, file);
  return {
    header,
    rows: Array.from(rows, ({ line, fields }) => {
      const values: Record<string, string> = {};
      header.forEach((h, k) => { values[h] = fields[k]!; });
      return { line, values };
    }),
  };
}

/** The first header name present among `candidates` (case-insensitive), or a csv_missing_column error. */
export function requireColumn(header: readonly string[], candidates: readonly string[], file: string | null): string {
  return header[requireColumnIndex(header, candidates, file)]!;
}

export function requireColumnIndex(header: readonly string[], candidates: readonly string[], file: string | null): number {
  for (const c of candidates) {
    const found = header.findIndex((h) => h.toLowerCase() === c.toLowerCase());
    if (found >= 0) return found;
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
