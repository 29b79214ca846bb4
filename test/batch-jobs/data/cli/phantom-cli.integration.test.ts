import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readDataset, verifyDataset } from "../../../../batch-jobs/data/dataset/dataset-reader.js";
import { decodeDicom } from "../../../../batch-jobs/data/images/dicom-read.js";
import { parsePhantomCliArgs } from "../../../../batch-jobs/data/phantom/cli.js";
import { PhantomConfigError, phantomConfig } from "../../../../batch-jobs/data/phantom/index.js";
import { generatePhantomDataset } from "../../../../batch-jobs/data/dataset/generate-phantom-dataset.js";
import { LocalFolderSink } from "../../../../batch-jobs/data/dataset/local-folder-sink.js";

const ROOT = path.resolve(import.meta.dirname, "../../../..");
const CLI = path.join(ROOT, "batch-jobs/data/phantom/cli.ts");
const NODE_ARGS = ["--import", "tsx", CLI];

function runAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT });
    let stdout = "", stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

function run(args: string[]) {
  const r = spawnSync(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run phantom", () => {
  it("parses flags and rejects each kind of mistake with a clear message", () => {
    const options = parsePhantomCliArgs(["--count", "5", "--out", "/tmp/d", "--size", "96", "--seed", "9", "--format", "both", "--bit-depth", "8", "--views", "PA=3,AP=1"]);
    expect(options).toMatchObject({ count: 5, out: "/tmp/d", size: 96, baseSeed: 9, format: "both", bitDepth: 8 });
    expect(options !== "help" && options.config.views).toEqual({ PA: 3, AP: 1, lateral: 0 });
    expect(parsePhantomCliArgs(["--help"])).toBe("help");
    const cases: Array<[string[], RegExp]> = [
      [["--count", "abc", "--out", "x"], /--count must be an integer from 1 to 10000000, got "abc"/],
      [["--count", "3"], /--out is required/],
      [["--count", "3", "--out", "x", "--size", "32"], /--size must be an integer from 64 to 512, got "32"/],
      [["--count", "3", "--out", "x", "--bit-depth", "12"], /--bit-depth must be one of 8, 16, got "12"/],
      [["--count", "3", "--out", "x", "--format", "tiff"], /--format must be one of png, dicom, both, got "tiff"/],
      [["--count", "3", "--out", "x", "--views", "PA,XY"], /--views: unknown view "XY"/],
      [["--count", "3", "--out", "x", "--views", "PA="], /--views: weight of PA must be a number >= 0, got ""/],
      [["--count", "3", "--out", "x", "--frobnicate"], /Unknown option '--frobnicate'/],
      [["--count", "-3", "--out", "x"], /--count needs a value, and a value cannot start with "-"/],
    ];
    for (const [args, message] of cases) expect(() => parsePhantomCliArgs(args), args.join(" ")).toThrow(message);
    expect(() => parsePhantomCliArgs(["--count", "3", "--out", "x", "--views", "PA,lateral"])).toThrow(PhantomConfigError);
  });

  it("as a process: --help exits 0; a mistake prints one line and exits 2 without a stack trace", async () => {
    const [help, bad] = await Promise.all([runAsync(["--help"]), runAsync(["--count", "3", "--out", "x", "--views", "lateral"])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--count <n>");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/views\.lateral: lateral films are not implemented/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("writes a verified dataset end to end (PNG + DICOM, 8-bit)", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "phantom-cli-"));
    const r = run(["--count", "4", "--size", "64", "--seed", "7", "--format", "both", "--bit-depth", "8", "--views", "AP", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { images: number; written: number };
    expect(summary).toMatchObject({ images: 4, written: 4 });
    const progress = r.stderr.trim().split("\n").map((l) => JSON.parse(l) as { event: string; done: number });
    expect(progress.at(-1)).toMatchObject({ event: "done", done: 4 });
    const verified = await verifyDataset(out);
    expect(verified.views).toEqual({ AP: 4 });
    expect(verified.seeds).toEqual({ min: 7, max: 10 });
    const records = [];
    for await (const rec of readDataset(out)) records.push(rec);
    expect(records.map((x) => x.id)).toEqual(["phantom-0000000007", "phantom-0000000008", "phantom-0000000009", "phantom-0000000010"]);
    const dicom = await decodeDicom(await readFile(path.join(out, records[0]!.manifest.alternates[0]!.file)), "x.dcm");
    expect(dicom.tags).toMatchObject({ ViewPosition: "AP", PatientID: "phantom-0000000007", BitsStored: 8, Rows: 64 });
  });

  it("resumes after being killed mid-way: every image exactly once, same bytes as an uninterrupted run", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "phantom-kill-"));
    const args = ["--count", "16", "--size", "64", "--seed", "100", "--out", out];
    // Run 1: SIGKILL as soon as a third of the images are reported done.
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT });
      let buffered = "";
      child.stderr.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        // Only complete lines: a chunk can end in the middle of one.
        const complete = buffered.split("\n").slice(0, -1);
        const done = complete.filter((l) => l.startsWith("{")).map((l) => (JSON.parse(l) as { done: number }).done);
        if (Math.max(0, ...done) >= 5) child.kill("SIGKILL");
      });
      child.on("exit", (code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`finished before the kill (code ${code}): ${buffered}`))));
    });
    const resumed = run(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout.trim().split("\n").at(-1)!) as { images: number; written: number; skipped: number };
    expect(summary.images).toBe(16);
    expect(summary.skipped).toBeGreaterThanOrEqual(4);
    expect(summary.written + summary.skipped).toBe(16);
    await verifyDataset(out);

    const fresh = await mkdtemp(path.join(tmpdir(), "phantom-fresh-"));
    const silent = { update: () => {}, finish: () => {} };
    await generatePhantomDataset(new LocalFolderSink(fresh), {
      config: phantomConfig({ size: 64 }), count: 16, baseSeed: 100, formats: ["png"], bitDepth: 16, card: { title: "t", provenance: "p" },
    }, silent);
    expect((await readFile(path.join(out, "manifest.jsonl"))).equals(await readFile(path.join(fresh, "manifest.jsonl")))).toBe(true);
  });
});
