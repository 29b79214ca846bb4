/**
 * RFC 4180 CSV reader: quoted fields may hold commas, line breaks and doubled quotes ("");
 * CRLF or LF line ends; a final line break is optional. Used to read report collections.
 * Malformed input (a quote inside an unquoted field, text after a closing quote, an unclosed
 * quote) is an error naming the line, never a silent mis-split.
 */
export class CsvError extends Error {
  readonly code = "csv_malformed";
  constructor(message: string, readonly line: number) {
    super(`${message} (line ${line})`);
  }
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let line = 1;
  let quoted = false;
  let afterQuote = false;
  const n = text.length;
  const endField = () => {
    row.push(field);
    field = "";
    afterQuote = false;
  };
  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        afterQuote = true;
        i++;
        continue;
      }
      if (ch === "\n") line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === ",") {
      endField();
      i++;
    } else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
      endField();
      rows.push(row);
      row = [];
      i += ch === "\r" ? 2 : 1;
      line++;
    } else if (ch === '"') {
      if (field.length > 0 || afterQuote) throw new CsvError("A quote appears inside an unquoted field", line);
      quoted = true;
      i++;
    } else {
      if (afterQuote) throw new CsvError("Text follows a closing quote; quote the whole field", line);
      field += ch;
      i++;
    }
  }
  if (quoted) throw new CsvError("A quoted field is never closed", line);
  if (field.length > 0 || afterQuote || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** Rows as objects keyed by the header row; rows of the wrong width are an error. */
export function parseCsvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (header === undefined) return [];
  return rows.map((cells, k) => {
    if (cells.length !== header.length) {
      throw new CsvError(`Row ${k + 1} has ${cells.length} fields; the header has ${header.length}`, k + 2);
    }
    const record: Record<string, string> = {};
    header.forEach((name, j) => (record[name] = cells[j]!));
    return record;
  });
}
