/**
 * The ObjectStore contract against a real S3-protocol server (s3rver) on loopback — not a mock.
 * s3rver 3.7 limits: it implements multipart upload (tested here) but neither S3's conditional
 * PUTs (If-Match / If-None-Match, so the CAS cases are skipped: capabilities.conditionalWrites is
 * false) nor x-amz-checksum-* headers (nativeChecksums off; our own sha256 metadata is checked).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PutObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { S3ObjectStore } from "../../../batch-jobs/storage/s3-object-store.js";
import { runObjectStoreContract } from "./object-store.contract.js";

const BUCKET = "cxr-test";
let server: S3rver;
let endpoint = "";
let dir = "";
let storeCount = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cxr-s3rver-"));
  server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
  const address = await server.run();
  endpoint = `http://127.0.0.1:${address.port}`;
  // s3rver accepts any credentials; the SDK insists on having some.
  process.env["AWS_ACCESS_KEY_ID"] = "S3RVER";
  process.env["AWS_SECRET_ACCESS_KEY"] = "S3RVER";
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function makeS3Store(): S3ObjectStore {
  return new S3ObjectStore({
    bucket: BUCKET,
    prefix: `run-${++storeCount}/`,
    endpoint,
    region: "us-east-1",
    maxAttempts: 2,
    multipartThresholdBytes: 6 * 1024 * 1024,
    partSizeBytes: 5 * 1024 * 1024,
    nativeChecksums: false,
    conditionalWrites: false,
  });
}

it("takes the multipart path above the threshold (3 parts for 11 MiB at 5 MiB)", async () => {
  const store = makeS3Store();
  const commands: string[] = [];
  store.client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(context.commandName ?? "");
      return next(args);
    },
    { step: "initialize" },
  );
  await store.put("big.bin", new Uint8Array(11 * 1024 * 1024).fill(7));
  expect(commands).toEqual(["CreateMultipartUploadCommand", "UploadPartCommand", "UploadPartCommand", "UploadPartCommand", "CompleteMultipartUploadCommand"]);
  await store.put("small.bin", new Uint8Array(10));
  expect(commands.at(-1)).toBe("PutObjectCommand");
});

runObjectStoreContract("S3 (s3rver on loopback)", {
  async makeStore() {
    return makeS3Store();
  },
  async corrupt(store, key) {
    // Rewrite the object directly, keeping the sha256 metadata of the original bytes.
    const s3 = store as S3ObjectStore;
    const fullKey = new URL(s3.rootUri).pathname.slice(1) + key;
    const orig = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: fullKey }));
    const bytes = await orig.Body!.transformToByteArray();
    bytes[0] = bytes[0]! ^ 0xff;
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: fullKey, Body: bytes, Metadata: orig.Metadata }));
  },
  largeObjectBytes: 11 * 1024 * 1024,
  conditionalWrites: false,
});
