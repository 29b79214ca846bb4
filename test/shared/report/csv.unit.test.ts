import { describe, expect, it } from "vitest";
import { CsvError, parseCsv, parseCsvRecords } from "../../../shared/report/io/csv.js";

describe("CSV reader", () => {
  it("reads quoted fields with commas, line breaks and doubled quotes", () => {
    const text = 'uid,findings\r\n1,"No effusion, no pneumothorax."\r\n2,"Line one\nline ""two"""\n3,\n';
    expect(parseCsv(text)).toEqual([
      ["uid", "findings"],
      ["1", "No effusion, no pneumothorax."],
      ["2", 'Line one\nline "two"'],
      ["3", ""],
    ]);
  });

  it("accepts a missing final line break and a byte-order mark", () => {
    expect(parseCsvRecords("\ufeffa,b\n1,2")).toEqual([{ a: "1", b: "2" }]);
  });

  it("keeps empty quoted fields", () => {
    expect(parseCsv('a,"",b')).toEqual([["a", "", "b"]]);
  });

  it.each([
    ['a,"b\n', "never closed"],
    ['a,b"c"\n', "inside an unquoted field"],
    ['a,"b"c\n', "follows a closing quote"],
  ])("rejects malformed input %j", (text, message) => {
    expect(() => parseCsv(text)).toThrow(CsvError);
    expect(() => parseCsv(text)).toThrow(message);
  });

  it("rejects rows of the wrong width, naming the line", () => {
    expect(() => parseCsvRecords("a,b\n1,2\n3\n")).toThrow(/line 3/);
  });
});
