import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ApiClient } from "../../../cli/api-client.js";
import { downloadFile } from "../../../cli/download/download-file.js";

const BYTES = new Uint8Array(Array.from({ length: 1000 }, (_, i) => i % 251));
const SHA = createHash("sha256").update(BYTES).digest("hex");

/** A file server honouring single byte ranges; records the Range headers it saw. */
function server(bytes: Uint8Array = BYTES) {
  const ranges: Array<string | null> = [];
  const fake = (async (_url: string, init: RequestInit) => {
    const range = new Headers(init.headers).get("range");
    ranges.push(range);
    const start = range ? Number(/bytes=(\d+)-/.exec(range)![1]) : 0;
    if (start >= bytes.length) return new Response(null, { status: 416 });
    return new Response(bytes.slice(start), { status: range ? 206 : 200 });
  }) as unknown as typeof fetch;
  return { ranges, client: new ApiClient({ apiUrl: "http://edge", apiKey: null }, fake) };
}

const folder = () => mkdtempSync(path.join(tmpdir(), "cxr-dl-"));

describe("downloadFile", () => {
  it("downloads, verifies and renames to the final name", async () => {
    const final = path.join(folder(), "0.png");
    expect(await downloadFile(server().client, { url: "http://edge/f", final, sha256: SHA, label: "item 0" })).toBe("downloaded");
    expect(createHash("sha256").update(readFileSync(final)).digest("hex")).toBe(SHA);
    expect(existsSync(`${final}.part`)).toBe(false);
  });

  it("resumes a .part with a Range request", async () => {
    const final = path.join(folder(), "0.png");
    writeFileSync(`${final}.part`, BYTES.slice(0, 400));
    const { client, ranges } = server();
    expect(await downloadFile(client, { url: "http://edge/f", final, sha256: SHA, label: "item 0" })).toBe("resumed");
    expect(ranges).toEqual(["bytes=400-"]);
    expect(readFileSync(final).equals(Buffer.from(BYTES))).toBe(true);
  });

  it("keeps a file that already verifies without fetching", async () => {
    const final = path.join(folder(), "0.png");
    writeFileSync(final, BYTES);
    const { client, ranges } = server();
    expect(await downloadFile(client, { url: "http://edge/f", final, sha256: SHA, label: "item 0" })).toBe("kept");
    expect(ranges).toEqual([]);
  });

  it("discards bytes that do not match the sha256 and leaves no file under either name", async () => {
    const final = path.join(folder(), "0.png");
    const tampered = BYTES.slice();
    tampered[10] = 0xff - tampered[10]!;
    await expect(downloadFile(server(tampered).client, { url: "http://edge/f", final, sha256: SHA, label: "item 0 (png)" })).rejects.toMatchObject({ exit: "verificationFailed", message: expect.stringContaining("item 0 (png): sha256 mismatch") });
    expect([existsSync(final), existsSync(`${final}.part`)]).toEqual([false, false]);
  });
});
