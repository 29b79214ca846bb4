import { describe, expect, it } from "vitest";
import { formatOf, parseReportsText } from "../../cli/reports-file.js";

const GOOD = "FINDINGS: Small left pleural effusion. No pneumothorax.";
const PHI = "FINDINGS: Patient John Smith seen on 03/04/2021. Clear lungs.";

describe("reports file", () => {
  it("reads JSONL lines given as strings or {report} objects", () => {
    const file = parseReportsText(`${JSON.stringify(GOOD)}\n\n${JSON.stringify({ report: GOOD })}\n`, "jsonl");
    expect(file).toEqual({ reports: [GOOD, GOOD], problems: [] });
  });

  it("names the line of a report with PHI", () => {
    const file = parseReportsText(`${JSON.stringify(GOOD)}\n${JSON.stringify(PHI)}\n`, "jsonl");
    expect(file.problems).toEqual([expect.objectContaining({ line: 2, code: "report_contains_phi" })]);
  });

  it("names the line that is not JSON", () => {
    expect(parseReportsText(`${JSON.stringify(GOOD)}\n{oops\n`, "jsonl").problems).toEqual([expect.objectContaining({ line: 2, code: "invalid_json" })]);
  });

  it("reads the report column of a CSV, numbering rows from the header", () => {
    const file = parseReportsText(`id,report\n1,"${GOOD}"\n2,"${PHI}"\n`, "csv");
    expect(file.reports).toEqual([GOOD]);
    expect(file.problems).toEqual([expect.objectContaining({ line: 3, code: "report_contains_phi" })]);
  });

  it("refuses a CSV with several columns and none named report", () => {
    expect(() => parseReportsText(`a,b\n1,2\n`, "csv")).toThrow(/"report" column/);
  });

  it("reports a malformed CSV with its line", () => {
    expect(parseReportsText(`report\n"unclosed\n`, "csv").problems[0]).toMatchObject({ code: "csv_malformed" });
  });

  it("reports an empty file", () => {
    expect(parseReportsText("\n", "jsonl").problems).toEqual([expect.objectContaining({ code: "no_reports" })]);
  });

  it("knows the format from the extension and refuses others", () => {
    expect(formatOf("a/b.CSV")).toBe("csv");
    expect(formatOf("b.ndjson")).toBe("jsonl");
    expect(() => formatOf("b.txt")).toThrow(/must end in/);
  });
});
