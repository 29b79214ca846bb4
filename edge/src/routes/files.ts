/** GET /v1/files/:datasetId/:file — dataset images through short-lived signed URLs (from the manifest). */
import { Hono } from "hono";
import { FILE_CONTENT_TYPE, type FileFormat } from "../../../shared/api/index.js";
import type { AppEnv } from "../app-env.js";
import { verifySignedPath } from "../auth/signed-url.js";
import { ApiError } from "../errors.js";
import { nowSeconds } from "../ids.js";
import { requireSecret } from "../secrets.js";
import { imageObjectKey, readImageObject } from "../storage/images.js";
import { getJobItem, jobIdFor } from "../storage/jobs.js";
import { respondWithBytes } from "./images.js";

const FILE_PATTERN = /^(\d{1,9})\.(png|dcm)$/;

export const fileRoutes = new Hono<AppEnv>().get("/v1/files/:datasetId/:file", async (c) => {
  const path = new URL(c.req.url).pathname;
  const check = await verifySignedPath(requireSecret(c.env, "URL_SIGNING_SECRET"), path, c.req.query("expires"), c.req.query("signature"), nowSeconds());
  if (!check.ok) throw new ApiError(403, check.code, check.message);
  const match = FILE_PATTERN.exec(c.req.param("file"));
  if (!match) throw new ApiError(404, "file_not_found", "No such file.");
  const itemIndex = Number(match[1]);
  const format: FileFormat = match[2] === "png" ? "png" : "dicom";
  const item = await getJobItem(c.env.DB, jobIdFor(c.req.param("datasetId")), itemIndex);
  if (!item || item.status !== "done" || !item.formatsDone.includes(format)) throw new ApiError(404, "file_not_found", "This file is not (yet) available.");
  const object = await readImageObject(c.env.IMAGES, imageObjectKey(item.contentKey, format));
  if (!object) throw new ApiError(404, "file_not_found", "This file is not (yet) available.");
  return respondWithBytes(c.req.raw, {
    bytes: await object.arrayBuffer(),
    contentType: FILE_CONTENT_TYPE[format],
    etag: `"${item.contentKey}.${match[2]}"`,
    cacheStatus: "MISS",
    cacheControl: "private, max-age=300",
    contentDisposition: `attachment; filename="${c.req.param("datasetId")}-${itemIndex}.${match[2]}"`,
  });
});
