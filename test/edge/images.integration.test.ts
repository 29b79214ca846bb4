import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseRange } from "../../edge/src/routes/http-ranges.js";
import { call } from "./helpers/api.js";
import { fakeDicom } from "./helpers/batch.js";

const KEY = "ab".repeat(32);

async function seed(format: "png" | "dcm", bytes: Uint8Array): Promise<string> {
  await env.IMAGES.put(`images/${KEY}.${format}`, bytes);
  return `/images/${KEY}.${format}`;
}

describe("GET /images/:file", () => {
  it("serves DICOM with its content type, ETag → 304, and byte ranges", async () => {
    const bytes = fakeDicom("range-test");
    const path = await seed("dcm", bytes);
    const first = await call(path);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/dicom");
    expect(first.headers.get("accept-ranges")).toBe("bytes");
    const etag = first.headers.get("etag")!;
    expect(etag).toBe(`"${KEY}.dcm"`);
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(bytes);

    const notModified = await call(path, { headers: { "if-none-match": `"other", ${etag}` } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");

    const range = await call(path, { headers: { range: "bytes=128-131" } });
    expect(range.status).toBe(206);
    expect(range.headers.get("content-range")).toBe(`bytes 128-131/${bytes.length}`);
    expect(new TextDecoder().decode(await range.arrayBuffer())).toBe("DICM");
    const suffix = await call(path, { headers: { range: "bytes=-4" } });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(bytes.slice(-4));
    const beyond = await call(path, { headers: { range: `bytes=${bytes.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${bytes.length}`);
  });

  it("answers bad keys with 400 and unknown keys with 404", async () => {
    expect(await (await call("/images/not-a-key.png")).json()).toMatchObject({ error: { code: "image_key_invalid" } });
    expect(await (await call(`/images/${"cd".repeat(32)}.png`)).json()).toMatchObject({ error: { code: "image_not_found" } });
  });

  it("parses ranges per RFC 9110", () => {
    expect(parseRange("bytes=0-0", 10)).toEqual({ kind: "range", start: 0, end: 0 });
    expect(parseRange("bytes=5-", 10)).toEqual({ kind: "range", start: 5, end: 9 });
    expect(parseRange("bytes=-20", 10)).toEqual({ kind: "range", start: 0, end: 9 });
    expect(parseRange("bytes=3-100", 10)).toEqual({ kind: "range", start: 3, end: 9 });
    expect(parseRange("bytes=0-1,4-5", 10)).toEqual({ kind: "none" });
    expect(parseRange("bytes=9-3", 10)).toEqual({ kind: "unsatisfiable" });
  });
});
