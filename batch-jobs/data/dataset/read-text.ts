/** Reads a text file (transparently gunzipping *.gz), turning I/O failures into DatasetErrors. */
import { gunzipSync } from "node:zlib";
import { DatasetError } from "../../../shared/dataset/errors.js";
import { readFileOrFail } from "../images/decode-image.js";

export async function readTextFile(path: string): Promise<string> {
  const bytes = await readFileOrFail(path);
  if (!path.endsWith(".gz")) return bytes.toString("utf8");
  try {
    return gunzipSync(bytes).toString("utf8");
  } catch (e) {
    throw new DatasetError("csv_malformed", path, `not a valid gzip file (${(e as Error).message})`);
  }
}
