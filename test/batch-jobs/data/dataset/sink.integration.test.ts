/** One contract suite for every DatasetSink implementation, plus the writer running on each. */
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DatasetWriter } from "../../../../batch-jobs/data/dataset/dataset-writer.js";
import { LocalFolderSink } from "../../../../batch-jobs/data/dataset/local-folder-sink.js";
import { ObjectStoreSink } from "../../../../batch-jobs/storage/object-store-sink.js";
import type { DatasetSink } from "../../../../batch-jobs/data/dataset/sink.js";
import { LocalObjectStore } from "../../../../batch-jobs/storage/local-object-store.js";
import { makeItem } from "./make-items.js";

const implementations: Array<[string, () => Promise<DatasetSink>]> = [
  ["LocalFolderSink", async () => new LocalFolderSink(await mkdtemp(path.join(tmpdir(), "sink-folder-")))],
  ["ObjectStoreSink(LocalObjectStore)", async () => new ObjectStoreSink(new LocalObjectStore(await mkdtemp(path.join(tmpdir(), "sink-store-"))), "orders/o-1")],
];

describe.each(implementations)("%s", (_name, create) => {
  it("puts, gets, lists, tests and deletes files by dataset-relative path", async () => {
    const sink = await create();
    expect(await sink.getFile("images/000/a.png")).toBeNull();
    expect(await sink.has("images/000/a.png")).toBe(false);
    await sink.putFile("images/000/a.png", Uint8Array.of(1, 2, 3));
    await sink.putFile("images/000/a.png", Uint8Array.of(4, 5)); // overwrite
    await sink.putFile("images/001/b.png", Uint8Array.of(6));
    await sink.putFile("manifest.jsonl", new TextEncoder().encode("{}\n"));
    expect(Array.from((await sink.getFile("images/000/a.png"))!)).toEqual([4, 5]);
    expect(await sink.has("images/001/b.png")).toBe(true);
    expect(await sink.list("")).toEqual(["images/000/a.png", "images/001/b.png", "manifest.jsonl"]);
    expect(await sink.list("images/")).toEqual(["images/000/a.png", "images/001/b.png"]);
    await sink.delete("images/000/a.png");
    await sink.delete("images/000/a.png"); // idempotent
    expect(await sink.list("images/")).toEqual(["images/001/b.png"]);
  });

  it("carries a complete, resumable dataset write", async () => {
    const sink = await create();
    const first = await DatasetWriter.open(sink, { formats: ["png", "dicom"], bitDepth: 16 });
    for (const i of [0, 1]) await first.add(makeItem(i, 8));
    const second = await DatasetWriter.open(sink, { formats: ["png", "dicom"], bitDepth: 16 });
    expect(second.resumed).toBe(2);
    for (const i of [0, 1, 2]) await second.add(makeItem(i, 8));
    const { summary } = await second.finalize({ title: "t", provenance: "p" });
    expect(summary.images).toBe(3);
    expect(await sink.list("")).toEqual([
      "dataset_card.md", "dicom/000/img-00000.dcm", "dicom/000/img-00001.dcm", "dicom/000/img-00002.dcm",
      "images/000/img-00000.png", "images/000/img-00001.png", "images/000/img-00002.png", "labels.csv", "manifest.jsonl",
    ]);
  });
});

it("LocalFolderSink leaves no temp files and no empty folders behind", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "sink-clean-"));
  const sink = new LocalFolderSink(root);
  await sink.putFile("a/b/c.txt", Uint8Array.of(1));
  await sink.delete("a/b/c.txt");
  expect(await readdir(root)).toEqual([]);
});
