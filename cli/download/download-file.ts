/**
 * One file of a dataset: fetched into `<final>.part`, resumed with a Range request when a
 * `.part` is already there (an interrupted run), checked against the manifest's sha256 and only
 * then renamed to its final name. A file that does not verify is removed and reported: nothing
 * unverified ever sits under a final name.
 */
import { createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ApiClient } from "../api-client.js";
import { errorFromResponse } from "../api-client.js";
import { CliError } from "../errors.js";
import { sha256File } from "./sha256-file.js";

export type DownloadOutcome = "kept" | "downloaded" | "resumed";

export interface DownloadRequest {
  url: string;
  final: string;
  sha256: string;
  /** Shown in messages (e.g. "item 3 (png)"). */
  label: string;
}

async function sizeOf(file: string): Promise<number> {
  return stat(file).then((s) => s.size, () => 0);
}

export async function downloadFile(client: ApiClient, request: DownloadRequest): Promise<DownloadOutcome> {
  const existing = await sha256File(request.final);
  if (existing === request.sha256) return "kept";
  if (existing !== null) await rm(request.final, { force: true }); // changed on disk since: fetch it again
  const part = `${request.final}.part`;
  const have = await sizeOf(part);
  const res = await client.send(request.url, { headers: have > 0 ? { range: `bytes=${have}-` } : {}, auth: false });
  let outcome: DownloadOutcome = "downloaded";
  if (res.status === 206) outcome = "resumed";
  else if (res.status === 416) await res.body?.cancel(); // the .part is already whole (or longer): verify what we have
  else if (!res.ok) throw await errorFromResponse(res);
  if (res.status !== 416 && res.body) {
    // 200 = the server sent the whole file (no range support or a fresh start): overwrite the .part.
    await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), createWriteStream(part, { flags: res.status === 206 ? "a" : "w" }));
  }
  const got = await sha256File(part);
  if (got !== request.sha256) {
    await rm(part, { force: true });
    throw new CliError("verificationFailed", `${request.label}: sha256 mismatch (expected ${request.sha256.slice(0, 12)}…, got ${got?.slice(0, 12) ?? "nothing"}…); the file was discarded, run the download again`);
  }
  await rename(part, request.final);
  return outcome;
}
