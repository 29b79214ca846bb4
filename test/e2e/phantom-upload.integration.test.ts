/**
 * The batch half of a phantom order without the edge: with CXR_CALLBACK_URL set, the phantom job
 * uploads every film of its shard (signed, with the manifest line the edge checks), and a retried
 * attempt re-uploads the films it kept, so an upload lost to a kill is never missing. Also pins
 * the simulator version the edge orders against the one the batch side runs.
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runJob } from "../../batch-jobs/jobs/run-job.js";
import { resultManifestLineSchema } from "../../shared/api/index.js";
// The edge and the batch side now share one constant; the second name is the batch side's old one.
import { PHANTOM_SIMULATOR_VERSION, PHANTOM_SIMULATOR_VERSION as SIMULATOR_VERSION } from "../../shared/model/phantom-simulator.js";
import { fromBase64Url, MANIFEST_HEADER, verifyRequestSignature } from "../../shared/crypto/index.js";
import { CallbackClient } from "../../shared/jobs/callback-client.js";
import { phantomContentKey } from "../../shared/keys/index.js";

const SECRET = "test-secret";

interface Upload {
  path: string;
  line: ReturnType<typeof resultManifestLineSchema.parse>;
  contentType: string;
  bytes: Uint8Array;
}

async function runShard(out: string, uploads: Upload[], attempt: number): Promise<number> {
  const spec = { specVersion: 1, kind: "phantom", jobId: "job_ds_upload", outputUri: pathToFileURL(out + "/").href, count: 5, seed: 300, size: 64, bitDepth: 16 };
  const fetchStub = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const u = new URL(String(url));
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === "string" ? new TextEncoder().encode(init.body) : (init?.body as Uint8Array);
    const manifestHeader = headers.get(MANIFEST_HEADER);
    const check = await verifyRequestSignature(SECRET, { method: init?.method ?? "GET", pathAndQuery: u.pathname, body, manifestHeader }, headers.get("x-cxr-signature"), Math.floor(Date.now() / 1000));
    if (!check.ok) return new Response("bad signature", { status: 401 });
    if (init?.method === "PUT") {
      const line = resultManifestLineSchema.parse(JSON.parse(new TextDecoder().decode(fromBase64Url(manifestHeader!)!)));
      uploads.push({ path: u.pathname, line, contentType: headers.get("content-type") ?? "", bytes: body });
    }
    return Response.json({});
  };
  return runJob(["phantom", "--spec", `data:application/json,${encodeURIComponent(JSON.stringify(spec))}`], {
    env: { CXR_CALLBACK_URL: "http://edge.test", CXR_CALLBACK_SECRET: SECRET, AWS_BATCH_JOB_ARRAY_INDEX: "1", CXR_ARRAY_SIZE: "2", AWS_BATCH_JOB_ATTEMPT: String(attempt) },
    error: () => undefined,
    log: () => undefined,
    fetch: fetchStub as typeof fetch,
    callbackBackoffMs: 1,
  });
}

describe("phantom job result uploads", () => {
  it("orders the simulator version the batch side runs", () => {
    expect(PHANTOM_SIMULATOR_VERSION).toBe(SIMULATOR_VERSION);
  });

  it("uploads every film of its shard with the edge's key, and again (kept films too) on a retry", async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), "cxr-phantom-upload-"));
    const first: Upload[] = [];
    expect(await runShard(out, first, 1)).toBe(0);
    // Shard 1 of 2 over 5 films holds items 3 and 4 (shared/jobs shardRange).
    expect(first.map((u) => u.path)).toEqual(["/internal/v1/jobs/job_ds_upload/items/3", "/internal/v1/jobs/job_ds_upload/items/4"]);
    for (const [i, upload] of first.entries()) {
      const seed = 303 + i;
      expect(upload.line).toMatchObject({ itemIndex: 3 + i, seed, format: "png", modelVersion: SIMULATOR_VERSION });
      expect(upload.line.contentKey).toBe(await phantomContentKey({ simulatorVersion: SIMULATOR_VERSION, seed, size: 64, bitDepth: 16 }));
      expect(upload.line.report?.length).toBeGreaterThan(10);
      expect(upload.contentType).toBe("image/png");
      expect([...upload.bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
    const retry: Upload[] = [];
    expect(await runShard(out, retry, 2)).toBe(0);
    expect(retry.map((u) => [u.path, u.line])).toEqual(first.map((u) => [u.path, u.line]));
    expect(retry.map((u) => Buffer.from(u.bytes).toString("hex"))).toEqual(first.map((u) => Buffer.from(u.bytes).toString("hex")));
  });

  it("signs every retry of an upload afresh, even within the same second", async () => {
    const signatures: string[] = [];
    const client = new CallbackClient({
      baseUrl: "http://edge.test",
      secret: SECRET,
      backoffMs: 1,
      now: () => 1_800_000_000, // frozen clock: every attempt in the same second
      fetch: async (_url, init) => {
        signatures.push(new Headers(init?.headers).get("x-cxr-signature") ?? "");
        return new Response(null, { status: signatures.length < 3 ? 503 : 201 });
      },
    });
    await client.uploadItem("job_x", 0, new Uint8Array([1, 2, 3]), "image/png", { itemIndex: 0 });
    expect(signatures).toHaveLength(3);
    expect(new Set(signatures).size).toBe(3);
  });
});
