import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DatasetError } from "../../../../shared/dataset/errors.js";
import { SYNTHETIC_STATEMENT } from "../../../../shared/dataset/card.js";
import { LABELS_CSV_COLUMNS } from "../../../../shared/dataset/labels-csv.js";
import { parseCsv } from "../../../../shared/dataset/csv.js";
import { DatasetWriter, mergeAndFinalize, type DatasetWriterOptions } from "../../../../batch-jobs/data/dataset/dataset-writer.js";
import { LocalFolderSink } from "../../../../batch-jobs/data/dataset/local-folder-sink.js";
import { readDataset, verifyDataset } from "../../../../batch-jobs/data/dataset/dataset-reader.js";
import { decodeImageFile } from "../../../../batch-jobs/data/images/decode-image.js";
import { makeItem } from "./make-items.js";

const CARD = { title: "Test dataset", provenance: "Made by the dataset writer tests." };

async function writeDataset(dir: string, ordinals: number[], options: DatasetWriterOptions): Promise<DatasetWriter> {
  const writer = await DatasetWriter.open(new LocalFolderSink(dir), options);
  for (const i of ordinals) await writer.add(makeItem(i));
  return writer;
}

async function allFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

describe("DatasetWriter", () => {
  it("writes manifest, labels.csv and card that agree, with every listed file present and hashed", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ds-"));
    const writer = await writeDataset(dir, [4, 0, 2, 1, 3, 5], { formats: ["png", "dicom"], bitDepth: 16 });
    const { summary } = await writer.finalize(CARD);
    expect(summary.images).toBe(6);
    expect(summary.files).toEqual({ dicom: 6, png: 6 });
    expect(await verifyDataset(dir)).toEqual(summary);

    const manifest = (await readFile(path.join(dir, "manifest.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { id: string });
    expect(manifest.map((m) => m.id)).toEqual(["img-00000", "img-00001", "img-00002", "img-00003", "img-00004", "img-00005"]);
    const labels = parseCsv(await readFile(path.join(dir, "labels.csv"), "utf8"), "labels.csv");
    expect(labels.header).toEqual([...LABELS_CSV_COLUMNS]);
    expect(labels.rows[0]!.values).toMatchObject({ Path: "images/000/img-00000.png", Sex: "", Age: "", "Frontal/Lateral": "Frontal", "AP/PA": "PA" });
    expect(labels.rows[2]!.values).toMatchObject({ "Frontal/Lateral": "Lateral", "AP/PA": "" });
    const card = await readFile(path.join(dir, "dataset_card.md"), "utf8");
    expect(card).toContain(SYNTHETIC_STATEMENT);
    expect(card).toContain("phantom test-1");
    // Only dataset files remain: no .pending records, no temp files.
    expect(await allFiles(dir)).toEqual([
      "dataset_card.md", "labels.csv", "manifest.jsonl",
      ...[0, 1, 2, 3, 4, 5].map((i) => `dicom/000/img-0000${i}.dcm`),
      ...[0, 1, 2, 3, 4, 5].map((i) => `images/000/img-0000${i}.png`),
    ].sort());
    // The image decodes back to the item's pixels.
    const img = await decodeImageFile(path.join(dir, "images/000/img-00003.png"));
    expect(Array.from(img.pixels)).toEqual(Array.from(makeItem(3).pixels));
    const dcm = await decodeImageFile(path.join(dir, "dicom/000/img-00003.dcm"));
    expect(Array.from(dcm.pixels)).toEqual(Array.from(makeItem(3).pixels));
  });

  it("shards at 1000 files per folder", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ds-shard-"));
    const writer = await DatasetWriter.open(new LocalFolderSink(dir), { formats: ["png"], bitDepth: 8 });
    for (const ordinal of [0, 999, 1000, 2500]) await writer.add({ ...makeItem(ordinal, 4), id: `s${ordinal}` });
    await writer.finalize(CARD);
    expect((await allFiles(dir)).filter((f) => f.startsWith("images/"))).toEqual([
      "images/000/s0.png", "images/000/s999.png", "images/001/s1000.png", "images/002/s2500.png",
    ]);
  });

  it("is deterministic: the same items give byte-identical datasets, whatever the order", async () => {
    const a = await mkdtemp(path.join(tmpdir(), "ds-a-"));
    const b = await mkdtemp(path.join(tmpdir(), "ds-b-"));
    await (await writeDataset(a, [0, 1, 2, 3], { formats: ["dicom", "png"], bitDepth: 8 })).finalize(CARD);
    await (await writeDataset(b, [3, 1, 0, 2], { formats: ["dicom", "png"], bitDepth: 8 })).finalize(CARD);
    const files = await allFiles(a);
    expect(await allFiles(b)).toEqual(files);
    for (const f of files) expect((await readFile(path.join(b, f))).equals(await readFile(path.join(a, f))), f).toBe(true);
  });

  it("resumes after a crash: every image exactly once, damaged files rewritten", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ds-resume-"));
    // Run 1 "dies" after 5 of 10 images: no finalize, plus a stray temp file and a half-written image
    // whose record was never committed (crash between the image put and the record put).
    await writeDataset(dir, [0, 1, 2, 3, 4], { formats: ["png"], bitDepth: 16 });
    await writeFile(path.join(dir, "images/000/.img-00005.png.0123456789ab.tmp"), "partial");
    await writeFile(path.join(dir, "images/000/img-00005.png"), "half an image");
    // A committed image later damaged on disk: must be detected by sha256 and redone.
    await writeFile(path.join(dir, "images/000/img-00002.png"), "bit rot");
    await expect(verifyDataset(dir)).rejects.toBeInstanceOf(DatasetError);

    const writer = await DatasetWriter.open(new LocalFolderSink(dir), { formats: ["png"], bitDepth: 16 });
    expect(writer.resumed).toBe(4);
    expect([0, 1, 2, 3, 4, 5].map((i) => writer.isDone(makeItem(i).id))).toEqual([true, true, false, true, true, false]);
    const outcomes = [];
    for (let i = 0; i < 10; i++) outcomes.push(await writer.add(makeItem(i)));
    expect(outcomes.filter((o) => o === "written")).toHaveLength(6);
    await writer.finalize(CARD);
    const records = [];
    for await (const r of readDataset(dir)) records.push(r.id);
    expect(records).toEqual(Array.from({ length: 10 }, (_, i) => makeItem(i).id));
    await verifyDataset(dir);
    expect((await allFiles(dir)).filter((f) => f.includes(".tmp") || f.startsWith(".pending"))).toEqual([]);

    // A rerun of a finished dataset writes nothing and changes nothing.
    const before = await readFile(path.join(dir, "manifest.jsonl"));
    const again = await DatasetWriter.open(new LocalFolderSink(dir), { formats: ["png"], bitDepth: 16 });
    for (let i = 0; i < 10; i++) expect(await again.add(makeItem(i))).toBe("skipped");
    await again.finalize(CARD);
    expect((await readFile(path.join(dir, "manifest.jsonl"))).equals(before)).toBe(true);
  });

  it("redoes earlier images written with other options, and removes files no record refers to", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ds-opts-"));
    await (await writeDataset(dir, [0, 1, 2], { formats: ["png"], bitDepth: 8 })).finalize(CARD);
    const writer = await writeDataset(dir, [0, 1], { formats: ["png"], bitDepth: 16 });
    expect(writer.resumed).toBe(0);
    const { orphansRemoved, summary } = await writer.finalize(CARD);
    expect(orphansRemoved).toBe(1);
    expect(summary.bitDepths).toEqual({ "16": 2 });
    await verifyDataset(dir);
  });

  it("merges array-job children that wrote disjoint ids into one location", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ds-array-"));
    const options: DatasetWriterOptions = { formats: ["png"], bitDepth: 16 };
    const children = await Promise.all([0, 1, 2].map(() => DatasetWriter.open(new LocalFolderSink(dir), options)));
    await Promise.all(children.map(async (child, c) => {
      for (let i = c; i < 9; i += 3) await child.add(makeItem(i));
    }));
    const { summary } = await mergeAndFinalize(new LocalFolderSink(dir), options, CARD);
    expect(summary.images).toBe(9);
    const ids = [];
    for await (const r of readDataset(dir)) ids.push(r.id);
    expect(ids).toEqual(Array.from({ length: 9 }, (_, i) => makeItem(i).id));
  });

  it("rejects an invalid id before writing anything", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ds-id-"));
    const writer = await DatasetWriter.open(new LocalFolderSink(dir), { formats: ["png"], bitDepth: 8 });
    await expect(writer.add({ ...makeItem(0), id: "../escape" })).rejects.toMatchObject({ code: "id_invalid" });
    expect(await allFiles(dir)).toEqual([]);
    await rm(dir, { recursive: true });
  });
});
