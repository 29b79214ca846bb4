/**
 * GET /images/:file — generated images by content key (`<sha256>.png` or `.dcm`). Immutable, so
 * served through the Workers Cache API with a one-year cache lifetime; the ETag is the key itself.
 * Conditional (If-None-Match → 304) and single-range (206) requests are answered here rather than
 * relying on the cache's own handling, so behaviour is the same on a hit and a miss.
 * Content keys are public by design: a key is a SHA-256 that only someone who knows the exact
 * report, seed and settings can compute — and such a caller could request the image anyway.
 */
import { Hono } from "hono";
import { FILE_CONTENT_TYPE, type FileFormat } from "../../../shared/api/index.js";
import type { AppEnv } from "../app-env.js";
import { ApiError } from "../errors.js";
import { cacheMatch, cachePut } from "../storage/edge-cache.js";
import { imageObjectKey, readImageObject } from "../storage/images.js";
import { etagMatches, parseRange } from "./http-ranges.js";

const FILE_PATTERN = /^([0-9a-f]{64})\.(png|dcm)$/;
const IMMUTABLE = "public, max-age=31536000, immutable";

export interface ServedBytes {
  bytes: ArrayBuffer;
  contentType: string;
  etag: string;
  cacheStatus: "HIT" | "MISS";
  cacheControl: string;
  contentDisposition?: string;
}

/** Answers a GET for known bytes with 200 / 206 / 304 / 416 as the request's headers ask. */
export function respondWithBytes(req: Request, served: ServedBytes): Response {
  const headers = new Headers({
    "content-type": served.contentType,
    etag: served.etag,
    "cache-control": served.cacheControl,
    "accept-ranges": "bytes",
    "x-cache": served.cacheStatus,
  });
  if (served.contentDisposition) headers.set("content-disposition", served.contentDisposition);
  if (etagMatches(req.headers.get("if-none-match") ?? undefined, served.etag)) return new Response(null, { status: 304, headers });
  const size = served.bytes.byteLength;
  const range = parseRange(req.headers.get("range") ?? undefined, size);
  if (range.kind === "unsatisfiable") {
    headers.set("content-range", `bytes */${size}`);
    headers.set("content-type", "application/json");
    return new Response(JSON.stringify({ error: { code: "range_not_satisfiable", message: `The image has ${size} bytes.` } }), { status: 416, headers });
  }
  if (range.kind === "range") {
    headers.set("content-range", `bytes ${range.start}-${range.end}/${size}`);
    headers.set("content-length", String(range.end - range.start + 1));
    return new Response(served.bytes.slice(range.start, range.end + 1), { status: 206, headers });
  }
  headers.set("content-length", String(size));
  return new Response(served.bytes, { status: 200, headers });
}

export const imageRoutes = new Hono<AppEnv>().get("/images/:file", async (c) => {
  const match = FILE_PATTERN.exec(c.req.param("file"));
  if (!match) throw new ApiError(400, "image_key_invalid", "Image paths look like /images/<64 hex chars>.png or .dcm.");
  const [, key, ext] = match as unknown as [string, string, "png" | "dcm"];
  const format: FileFormat = ext === "png" ? "png" : "dicom";
  const etag = `"${key}.${ext}"`;
  const cacheKey = `${new URL(c.req.url).origin}/images/${key}.${ext}`;
  const hit = await cacheMatch(cacheKey);
  if (hit) {
    return respondWithBytes(c.req.raw, { bytes: await hit.arrayBuffer(), contentType: FILE_CONTENT_TYPE[format], etag, cacheStatus: "HIT", cacheControl: IMMUTABLE });
  }
  const object = await readImageObject(c.env.IMAGES, imageObjectKey(key, format));
  if (!object) throw new ApiError(404, "image_not_found", "No image is stored under this key (yet); poll the generation until it succeeds.");
  const bytes = await object.arrayBuffer();
  // Awaited (not waitUntil) so the next request is guaranteed a HIT; only the first read pays for it.
  await cachePut(cacheKey, new Response(bytes.slice(0), { headers: { "content-type": FILE_CONTENT_TYPE[format], "cache-control": IMMUTABLE, etag } }));
  return respondWithBytes(c.req.raw, { bytes, contentType: FILE_CONTENT_TYPE[format], etag, cacheStatus: "MISS", cacheControl: IMMUTABLE });
});
