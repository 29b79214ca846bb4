import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { DatasetError } from "../../../../shared/dataset/errors.js";
import { CHEXPERT_LABELS } from "../../../../shared/report/types.js";
import { readImageReportCsv } from "../../../../batch-jobs/data/dataset/csv-reader.js";
import { DatasetWriter } from "../../../../batch-jobs/data/dataset/dataset-writer.js";
import { LocalFolderSink } from "../../../../batch-jobs/data/dataset/local-folder-sink.js";
import { readDataset, verifyDataset } from "../../../../batch-jobs/data/dataset/dataset-reader.js";
import { readMimicCxrJpg } from "../../../../batch-jobs/data/dataset/mimic-cxr-reader.js";
import { decodeImageFile } from "../../../../batch-jobs/data/images/decode-image.js";
import { makeItem } from "./make-items.js";

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function errorOf(p: Promise<unknown>): Promise<DatasetError> {
  const e = await p.then(() => null, (err: unknown) => err);
  if (e instanceof DatasetError) return e;
  throw new Error(`expected a DatasetError, got ${String(e)}`);
}

async function tinyJpeg(value: number): Promise<Buffer> {
  return sharp(Buffer.alloc(8 * 6, value), { raw: { width: 8, height: 6, channels: 1 } }).jpeg({ quality: 95 }).toBuffer();
}

// MIMIC-CXR-JPG's real column order (chexpert labels alphabetical, as in mimic-cxr-2.0.0-chexpert.csv).
const MIMIC_LABEL_ORDER = [...CHEXPERT_LABELS].sort();

async function fakeMimic(root: string, options: { gzipMetadata?: boolean } = {}): Promise<void> {
  const images = [
    { dicom: "d1-aaa", subject: "10000032", study: "50414267", view: "PA", value: 40 },
    { dicom: "d2-bbb", subject: "10000032", study: "50414267", view: "LATERAL", value: 80 },
    { dicom: "d3-ccc", subject: "11000011", study: "53000001", view: "AP", value: 120 },
    { dicom: "d4-ddd", subject: "11000011", study: "53000002", view: "", value: 160 },
  ];
  for (const im of images) {
    const dir = path.join(root, "files", `p${im.subject.slice(0, 2)}`, `p${im.subject}`, `s${im.study}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${im.dicom}.jpg`), await tinyJpeg(im.value));
    await writeFile(`${dir}.txt`, `FINAL REPORT\n IMPRESSION: study ${im.study}, "quoted", no acute process.\n`);
  }
  const meta = ["dicom_id,subject_id,study_id,PerformedProcedureStepDescription,ViewPosition,Rows,Columns",
    ...images.map((im) => `${im.dicom},${im.subject},${im.study},CHEST (PA AND LAT),${im.view},6,8`)].join("\n") + "\n";
  await writeFile(path.join(root, "mimic-cxr-2.0.0-metadata.csv" + (options.gzipMetadata ? ".gz" : "")), options.gzipMetadata ? gzipSync(meta) : meta);
  const labelRow = (subject: string, study: string, edema: string) =>
    [subject, study, ...MIMIC_LABEL_ORDER.map((l) => (l === "Edema" ? edema : l === "Cardiomegaly" ? "-1.0" : ""))].join(",");
  await writeFile(path.join(root, "mimic-cxr-2.0.0-chexpert.csv"), [
    ["subject_id", "study_id", ...MIMIC_LABEL_ORDER].join(","),
    labelRow("10000032", "50414267", "1.0"),
    labelRow("11000011", "53000001", "0.0"),
  ].join("\n") + "\n");
  await writeFile(path.join(root, "mimic-cxr-2.0.0-split.csv"), "dicom_id,study_id,subject_id,split\nd1-aaa,50414267,10000032,train\nd2-bbb,50414267,10000032,train\nd3-ccc,53000001,11000011,test\nd4-ddd,53000002,11000011,validate\n");
}

describe("MIMIC-CXR-JPG reader", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "mimic-"));
    await fakeMimic(root, { gzipMetadata: true });
  });

  it("yields image path, report, labels and view per image", async () => {
    const records = await collect(readMimicCxrJpg({ root }));
    expect(records.map((r) => [r.id, r.view, r.viewPosition])).toEqual([
      ["d1-aaa", "PA", "PA"], ["d2-bbb", "lateral", "LATERAL"], ["d3-ccc", "AP", "AP"], ["d4-ddd", null, ""],
    ]);
    const first = records[0]!;
    expect(first.imagePath).toBe(path.join(root, "files/p10/p10000032/s50414267/d1-aaa.jpg"));
    expect(first.report).toContain("study 50414267");
    expect(first.labels).toMatchObject({ Edema: 1, Cardiomegaly: -1, Pneumonia: null });
    expect(records[2]!.labels).toMatchObject({ Edema: 0 });
    expect(records[3]!.labels).toBeNull(); // study absent from the label CSV
    const img = await decodeImageFile(first.imagePath);
    expect([img.width, img.height]).toEqual([8, 6]);
    expect(Math.abs(img.pixels[0]! - 40)).toBeLessThanOrEqual(2);
  });

  it("filters by split and takes reports from a separate root", async () => {
    const reports = await mkdtemp(path.join(tmpdir(), "mimic-reports-"));
    await mkdir(path.join(reports, "files/p11/p11000011"), { recursive: true });
    await writeFile(path.join(reports, "files/p11/p11000011/s53000001.txt"), "separate report");
    const records = await collect(readMimicCxrJpg({ root, reportsRoot: reports, split: "test" }));
    expect(records.map((r) => [r.id, r.report])).toEqual([["d3-ccc", "separate report"]]);
  });

  it("names the missing image, the missing report, a bad label and a missing table", async () => {
    const broken = await mkdtemp(path.join(tmpdir(), "mimic-broken-"));
    await fakeMimic(broken);
    await rm(path.join(broken, "files/p11/p11000011/s53000001/d3-ccc.jpg"));
    const missing = await errorOf(collect(readMimicCxrJpg({ root: broken })));
    expect([missing.code, missing.file]).toEqual(["file_missing", path.join(broken, "files/p11/p11000011/s53000001/d3-ccc.jpg")]);
    expect((await collect(readMimicCxrJpg({ root: broken, onMissing: "skip" }))).map((r) => r.id)).toEqual(["d1-aaa", "d2-bbb", "d4-ddd"]);

    await rm(path.join(broken, "files/p10/p10000032/s50414267.txt"));
    const report = await errorOf(collect(readMimicCxrJpg({ root: broken })));
    expect([report.code, report.file]).toEqual(["file_missing", path.join(broken, "files/p10/p10000032/s50414267.txt")]);

    const labels = path.join(broken, "mimic-cxr-2.0.0-chexpert.csv");
    await writeFile(labels, (await readFile(labels, "utf8")).replace(",1.0", ",maybe"));
    const bad = await errorOf(collect(readMimicCxrJpg({ root: broken })));
    expect(bad.code).toBe("label_invalid");
    expect(bad.message).toBe(`${labels}: line 2, column Edema: label value "maybe" is not 1.0, 0.0, -1.0 or empty`);

    await rm(labels);
    const table = await errorOf(collect(readMimicCxrJpg({ root: broken })));
    expect([table.code, table.file]).toEqual(["file_missing", labels]);
  });

  it("names a missing column", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mimic-cols-"));
    await fakeMimic(dir);
    const meta = path.join(dir, "mimic-cxr-2.0.0-metadata.csv");
    await writeFile(meta, (await readFile(meta, "utf8")).replace("ViewPosition", "View"));
    const e = await errorOf(collect(readMimicCxrJpg({ root: dir })));
    expect([e.code, e.file]).toEqual(["csv_missing_column", meta]);
    expect(e.message).toContain('missing column "ViewPosition"');
  });
});

describe("image + report CSV reader", () => {
  it("reads path/report or image/text columns, multi-line quoted reports, paths relative to the CSV", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "csv-"));
    await mkdir(path.join(dir, "imgs"));
    await writeFile(path.join(dir, "imgs/a.jpg"), await tinyJpeg(10));
    await writeFile(path.join(dir, "imgs/b.jpg"), await tinyJpeg(20));
    await writeFile(path.join(dir, "pairs.csv"), 'Image,Text,view\nimgs/a.jpg,"FINDINGS: clear.\nIMPRESSION: normal, ""stable""",PA\nimgs/b.jpg,Effusion.,LL\n');
    const records = await collect(readImageReportCsv(path.join(dir, "pairs.csv")));
    expect(records).toEqual([
      { id: "line-2", imagePath: path.join(dir, "imgs/a.jpg"), report: 'FINDINGS: clear.\nIMPRESSION: normal, "stable"', labels: null, view: "PA" },
      { id: "line-4", imagePath: path.join(dir, "imgs/b.jpg"), report: "Effusion.", labels: null, view: "lateral" },
    ]);
  });

  it("names the missing column and the missing image", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "csv-bad-"));
    await writeFile(path.join(dir, "a.csv"), "file,report\nx.png,hi\n");
    const col = await errorOf(collect(readImageReportCsv(path.join(dir, "a.csv"))));
    expect([col.code, col.file]).toEqual(["csv_missing_column", path.join(dir, "a.csv")]);
    expect(col.message).toContain('missing column "path" or "image"');
    await writeFile(path.join(dir, "b.csv"), "path,report\nnope.png,hi\n");
    const img = await errorOf(collect(readImageReportCsv(path.join(dir, "b.csv"))));
    expect([img.code, img.file]).toEqual(["file_missing", path.join(dir, "nope.png")]);
    const absent = await errorOf(collect(readImageReportCsv(path.join(dir, "absent.csv"))));
    expect([absent.code, absent.file]).toEqual(["file_missing", path.join(dir, "absent.csv")]);
  });
});

describe("dataset reader and verifier", () => {
  async function smallDataset(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "dsr-"));
    const writer = await DatasetWriter.open(new LocalFolderSink(dir), { formats: ["png", "dicom"], bitDepth: 8 });
    for (let i = 0; i < 3; i++) await writer.add(makeItem(i, 8));
    await writer.finalize({ title: "t", provenance: "p" });
    return dir;
  }

  it("yields records whose image and labels match the manifest", async () => {
    const dir = await smallDataset();
    const records = await collect(readDataset(dir));
    expect(records.map((r) => [r.id, r.view, r.labels])).toEqual([0, 1, 2].map((i) => [makeItem(i).id, makeItem(i).view, makeItem(i).labels]));
    expect(records[1]!.imagePath).toBe(path.join(dir, "images/000/img-00001.png"));
  });

  it("says when a folder is not a (finished) dataset, or ids are out of order", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "dsr-empty-"));
    const e = await errorOf(collect(readDataset(empty)));
    expect([e.code, e.file]).toEqual(["file_missing", path.join(empty, "manifest.jsonl")]);
    const dir = await smallDataset();
    const manifest = path.join(dir, "manifest.jsonl");
    const lines = (await readFile(manifest, "utf8")).trim().split("\n");
    await writeFile(manifest, [lines[1], lines[0], lines[2]].join("\n") + "\n");
    const order = await errorOf(collect(readDataset(dir, { verify: "none" })));
    expect([order.code, order.message]).toEqual(["manifest_invalid_line", `${manifest}: line 2: id img-00000 is out of order (lines must be sorted by id, each id once)`]);
  });

  it("catches a missing file, a changed file, and labels.csv or card edits", async () => {
    const cases: Array<[string, (dir: string) => Promise<void>, string, string]> = [
      ["missing DICOM", (d) => rm(path.join(d, "dicom/000/img-00001.dcm")), "file_missing", "dicom/000/img-00001.dcm"],
      ["changed PNG", async (d) => { const p = path.join(d, "images/000/img-00002.png"); const b = await readFile(p); b[b.length - 20]! ^= 1; await writeFile(p, b); }, "sha256_mismatch", "images/000/img-00002.png"],
      ["labels.csv edited", async (d) => { const p = path.join(d, "labels.csv"); await writeFile(p, (await readFile(p, "utf8")).replace(",Frontal,PA,", ",Lateral,,")); }, "dataset_inconsistent", "labels.csv"],
      ["card edited", async (d) => { const p = path.join(d, "dataset_card.md"); await writeFile(p, (await readFile(p, "utf8")).replace('"images": 3', '"images": 4')); }, "dataset_inconsistent", "dataset_card.md"],
      ["manifest line broken", async (d) => { const p = path.join(d, "manifest.jsonl"); await writeFile(p, (await readFile(p, "utf8")).replace('"view":"AP"', '"view":"sideways"')); }, "manifest_invalid_line", "manifest.jsonl"],
    ];
    for (const [name, damage, code, file] of cases) {
      const dir = await smallDataset();
      await verifyDataset(dir);
      await damage(dir);
      const e = await errorOf(verifyDataset(dir));
      expect([name, e.code, e.file]).toEqual([name, code, path.join(dir, file)]);
    }
  });
});
