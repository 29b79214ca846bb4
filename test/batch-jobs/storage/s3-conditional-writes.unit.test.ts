/**
 * s3rver does not implement S3's conditional PUTs, so what the S3 store sends and how it reads
 * S3's answers are checked against the SDK with aws-sdk-client-mock: If-Match / If-None-Match go
 * out on PutObject (and CompleteMultipartUpload), 412 and 409 come back as precondition_failed.
 */
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, S3Client, S3ServiceException, UploadPartCommand } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { S3ObjectStore } from "../../../batch-jobs/storage/s3-object-store.js";
import { sha256Base64 } from "../../../batch-jobs/storage/sha256.js";

const s3 = mockClient(S3Client);
const store = () => new S3ObjectStore({ bucket: "cxr-data", prefix: "models/", client: new S3Client({ region: "eu-west-1" }), multipartThresholdBytes: 6 * 1024 * 1024, partSizeBytes: 5 * 1024 * 1024 });
const failure = (status: number, name: string) => new S3ServiceException({ name, $fault: "client", $metadata: { httpStatusCode: status }, message: name });

beforeEach(() => s3.reset());

describe("S3 conditional writes and checksums (request shapes)", () => {
  it("sends If-Match, the sha256 metadata and the native SHA-256 checksum on PutObject", async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"e2"' });
    const body = new TextEncoder().encode('{"version":"v2"}');
    const info = await store().put("cxr/aliases/production.json", body, { ifMatch: '"e1"', contentType: "application/json" });
    expect(info.etag).toBe('"e2"');
    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Bucket: "cxr-data", Key: "models/cxr/aliases/production.json", IfMatch: '"e1"', ContentType: "application/json", ChecksumSHA256: sha256Base64(body) });
    expect(input.Metadata?.["sha256"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("maps 412 PreconditionFailed and 409 ConditionalRequestConflict to precondition_failed", async () => {
    s3.on(PutObjectCommand).rejects(failure(412, "PreconditionFailed"));
    await expect(store().put("a", new Uint8Array([1]), { ifNoneMatch: "*" })).rejects.toMatchObject({ code: "precondition_failed" });
    s3.reset();
    s3.on(PutObjectCommand).rejects(failure(409, "ConditionalRequestConflict"));
    await expect(store().put("a", new Uint8Array([1]), { ifMatch: '"x"' })).rejects.toMatchObject({ code: "precondition_failed" });
    s3.reset();
    s3.on(PutObjectCommand).rejects(failure(503, "SlowDown"));
    await expect(store().put("a", new Uint8Array([1]))).rejects.toMatchObject({ code: "unavailable" });
  });

  it("multipart: per-part SHA-256 checksums, and the condition applies at completion", async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: "u1" });
    s3.on(UploadPartCommand).resolves({ ETag: '"p"' });
    s3.on(CompleteMultipartUploadCommand).resolves({ ETag: '"m-2"' });
    await store().put("big.bin", new Uint8Array(7 * 1024 * 1024), { ifNoneMatch: "*" });
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input).toMatchObject({ ChecksumAlgorithm: "SHA256" });
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input).not.toHaveProperty("IfNoneMatch");
    expect(s3.commandCalls(UploadPartCommand).map((c) => c.args[0].input.ChecksumSHA256 !== undefined)).toEqual([true, true]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input).toMatchObject({ UploadId: "u1", IfNoneMatch: "*" });
  });
});
