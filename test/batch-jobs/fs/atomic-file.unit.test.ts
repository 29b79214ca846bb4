/** The one atomic-write helper: whole file or the old one, no temporary left behind. */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomicAsync } from "../../../batch-jobs/fs/atomic-file.js";

const tmp = () => mkdtemp(path.join(os.tmpdir(), "cxr-atomic-"));

describe("writeFileAtomicAsync", () => {
  it("writes a new file and leaves no temporary behind", async () => {
    const dir = await tmp();
    await writeFileAtomicAsync(path.join(dir, "a.json"), '{"a":1}');
    expect(await readFile(path.join(dir, "a.json"), "utf8")).toBe('{"a":1}');
    expect(await readdir(dir)).toEqual(["a.json"]);
  });

  it("replaces an existing file whole (non-durable form too)", async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, "a.bin"), "old");
    await writeFileAtomicAsync(path.join(dir, "a.bin"), new Uint8Array([1, 2, 3]), { durable: false });
    expect([...(await readFile(path.join(dir, "a.bin")))]).toEqual([1, 2, 3]);
  });

  it("stages in tempDir when given", async () => {
    const dir = await tmp();
    const staging = await tmp();
    await writeFileAtomicAsync(path.join(dir, "b.txt"), "x", { tempDir: staging });
    expect(await readdir(staging)).toEqual([]);
    expect(await readFile(path.join(dir, "b.txt"), "utf8")).toBe("x");
  });

  it("a failed write removes its temporary and keeps the old file", async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, "c.txt"), "old");
    await expect(writeFileAtomicAsync(path.join(dir, "c.txt"), "new", { tempDir: path.join(dir, "missing") })).rejects.toThrow();
    expect(await readFile(path.join(dir, "c.txt"), "utf8")).toBe("old");
    expect(await readdir(dir)).toEqual(["c.txt"]);
  });
});
