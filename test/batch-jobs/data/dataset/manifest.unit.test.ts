import { describe, expect, it } from "vitest";
import { DatasetError } from "../../../../shared/dataset/errors.js";
import { imagePath, shardName } from "../../../../shared/dataset/layout.js";
import { parseLabelsCsv, formatLabelsCsv, LABELS_CSV_COLUMNS } from "../../../../shared/dataset/labels-csv.js";
import { parseManifestLine, serializeManifestLine, sortManifest, type ManifestLine } from "../../../../shared/dataset/manifest.js";
import { CHEXPERT_LABELS } from "../../../../shared/report/types.js";

function line(id: string): ManifestLine {
  return {
    id,
    file: `images/000/${id}.png`,
    format: "png",
    sha256: "a".repeat(64),
    bytes: 10,
    width: 8,
    height: 8,
    bitDepth: 16,
    alternates: [],
    report: "No acute disease.",
    labels: Object.fromEntries(CHEXPERT_LABELS.map((l) => [l, null])) as ManifestLine["labels"],
    laterality: {},
    severity: {},
    view: "PA",
    position: "erect",
    portable: false,
    posture: null,
    seed: 1,
    generator: { kind: "phantom", version: "1" },
    quality: null,
  };
}

function errorOf(fn: () => unknown): DatasetError {
  try { fn(); } catch (e) { if (e instanceof DatasetError) return e; throw e; }
  throw new Error("expected a DatasetError");
}

describe("manifest line schema", () => {
  it("round-trips through serialize/parse with a fixed key order", () => {
    const l = { ...line("a1"), labels: { ...line("a1").labels, Edema: 1 as const, "No Finding": 0 as const } };
    const text = serializeManifestLine(l);
    expect(parseManifestLine(text, "m", 1)).toEqual(l);
    expect(Object.keys(JSON.parse(text) as object).slice(0, 3)).toEqual(["id", "file", "format"]);
    const shuffled = JSON.stringify(Object.fromEntries(Object.entries(l).reverse()));
    expect(serializeManifestLine(parseManifestLine(shuffled, "m", 1))).toBe(text);
  });

  it("rejects bad lines with the file, line number and field", () => {
    const bad: Array<[string, RegExp]> = [
      ["{not json", /m\.jsonl: line 7 is not valid JSON/],
      [JSON.stringify({ ...line("a"), labels: { ...line("a").labels, Edema: 2 } }), /labels\.Edema/],
      [JSON.stringify({ ...line("a"), file: "../outside.png" }), /file: must be a relative path/],
      [JSON.stringify({ ...line("a"), sha256: "xyz" }), /sha256: must be 64 lower-case hex digits/],
      [JSON.stringify({ ...line("a"), extra: 1 }), /extra/],
      [JSON.stringify({ ...line("a"), id: "has space" }), /id: must match/],
    ];
    for (const [text, message] of bad) {
      const e = errorOf(() => parseManifestLine(text, "m.jsonl", 7));
      expect(e.code).toBe("manifest_invalid_line");
      expect(e.message).toMatch(/^m\.jsonl: line 7/);
      expect(e.message).toMatch(message);
    }
  });

  it("sorts by id and refuses duplicates", () => {
    expect(sortManifest([line("b"), line("a"), line("C")], "m").map((l) => l.id)).toEqual(["C", "a", "b"]);
    expect(errorOf(() => sortManifest([line("a"), line("a")], "m")).code).toBe("manifest_duplicate_id");
  });
});

describe("layout", () => {
  it("names shards by ordinal / 1000", () => {
    expect([0, 999, 1000, 123456].map(shardName)).toEqual(["000", "000", "001", "123"]);
    expect(imagePath(1234, "x-1", "dicom")).toBe("dicom/001/x-1.dcm");
    expect(errorOf(() => imagePath(0, "a/b", "png")).code).toBe("id_invalid");
  });
});

describe("labels.csv", () => {
  it("writes CheXpert's columns and values and reads them back", () => {
    const l = { ...line("a"), view: "AP" as const, labels: { ...line("a").labels, Edema: 1 as const, Cardiomegaly: 0 as const, Fracture: -1 as const } };
    const text = formatLabelsCsv([l]);
    expect(text.split("\n")[0]).toBe(LABELS_CSV_COLUMNS.join(","));
    expect(text.split("\n")[1]).toBe("images/000/a.png,,,Frontal,AP,,,0.0,,,1.0,,,,,,,-1.0,");
    expect(parseLabelsCsv(text, "labels.csv")).toEqual([{ path: l.file, view: "AP", labels: l.labels }]);
  });

  it("names the column and line of a bad label value or a missing column", () => {
    const good = formatLabelsCsv([line("a")]);
    const e = errorOf(() => parseLabelsCsv(good.replace("Frontal,PA,", "Frontal,PA,yes"), "labels.csv"));
    expect([e.code, e.message]).toEqual(["label_invalid", 'labels.csv: line 2, column No Finding: label value "yes" is not 1.0, 0.0, -1.0 or empty']);
    const m = errorOf(() => parseLabelsCsv(good.replace("Sex,", "Gender,"), "labels.csv"));
    expect(m.code).toBe("csv_missing_column");
    expect(m.message).toContain('missing column "Sex"');
  });
});
