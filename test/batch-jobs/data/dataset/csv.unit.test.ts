import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCsv, parseCsv, parseCsvRecords } from "../../../../shared/dataset/csv.js";
import { DatasetError } from "../../../../shared/dataset/errors.js";

describe("CSV", () => {
  it("parses quotes, doubled quotes, commas, CRLF and newlines inside fields", () => {
    const text = '\ufeffpath,report\r\na.png,"Heart normal, lungs clear."\r\n"b, c.png","He said ""no""\nsecond line"\n\n';
    const table = parseCsv(text, "in.csv");
    expect(table.header).toEqual(["path", "report"]);
    expect(table.rows).toEqual([
      { line: 2, values: { path: "a.png", report: "Heart normal, lungs clear." } },
      { line: 3, values: { path: "b, c.png", report: 'He said "no"\nsecond line' } },
    ]);
  });

  it("round-trips any table through formatCsv", () => {
    const field = fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\n", "\r\n", "é", "x") });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { maxLength: 6 }), (rows) => {
        const text = formatCsv(["h1", "h2", "h3"], rows);
        const parsed = parseCsvRecords(text, null).map((r) => r.fields);
        // A row of three empty fields is a record (",,"), so nothing is lost.
        expect(parsed).toEqual([["h1", "h2", "h3"], ...rows]);
      }),
      { numRuns: 200 },
    );
  });

  it("names the file and line of malformed input", () => {
    const cases: Array<[string, RegExp]> = [
      ['a,b\n1,"open\n', /bad\.csv: line 2: quoted field is never closed/],
      ["a,b\n1,2,3\n", /bad\.csv: line 2: 3 fields, the header has 2/],
      ['a,b\n1,x"y\n', /bad\.csv: line 2: a quote inside an unquoted field/],
      ['a,b\n"1"x,2\n', /bad\.csv: line 2: unexpected character after a closing quote/],
      ["", /bad\.csv: the file is empty/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseCsv(text, "bad.csv")).toThrow(message);
      try { parseCsv(text, "bad.csv"); } catch (e) { expect((e as DatasetError).code).toBe("csv_malformed"); }
    }
  });
});
