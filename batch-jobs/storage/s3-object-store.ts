/**
 * ObjectStore on S3 (or any S3-protocol server). The only module that imports @aws-sdk/client-s3.
 *
 * - Integrity: the sha256 of every object is stored as user metadata (x-amz-meta-sha256) and
 *   checked on every get, which works on any S3-compatible server. With `nativeChecksums` (real
 *   S3) the request also carries x-amz-checksum-sha256 so S3 itself rejects a corrupted upload.
 * - Large objects (≥ multipartThresholdBytes) go up as a multipart upload; a failed upload is
 *   aborted so no orphaned parts are billed.
 * - Retries: the SDK's standard retry mode (exponential backoff with jitter, `maxAttempts`).
 * - Conditional writes: IfMatch / IfNoneMatch on PutObject (S3 enforces them atomically since
 *   2024; a loser gets 412 PreconditionFailed, a concurrent conditional write 409, both mapped to
 *   precondition_failed).
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
} from "@aws-sdk/client-s3";
import { assertValidKey, ObjectStoreError, type ObjectInfo, type ObjectStore, type PutOptions, type StoredObject } from "./object-store.js";
import { sha256Base64, sha256Hex } from "./sha256.js";

export interface S3ObjectStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket ("" or "a/b/"). */
  prefix?: string;
  /** A ready client (tests, custom endpoints); otherwise one is built from the options below. */
  client?: S3Client;
  region?: string;
  /** Custom endpoint (S3-protocol servers); implies path-style addressing. */
  endpoint?: string;
  /** SDK attempts per request including the first. */
  maxAttempts?: number;
  /** Objects at least this large use multipart upload (S3 minimum part size is 5 MiB). */
  multipartThresholdBytes?: number;
  /** Part size for multipart uploads (≥ 5 MiB except the last part). */
  partSizeBytes?: number;
  /** Send S3-native SHA-256 checksums (real S3; most emulators ignore or reject them). */
  nativeChecksums?: boolean;
  /** Whether the server enforces IfMatch/IfNoneMatch (true for AWS S3, false for s3rver). */
  conditionalWrites?: boolean;
}

const MiB = 1024 * 1024;

export class S3ObjectStore implements ObjectStore {
  readonly rootUri: string;
  readonly capabilities: { conditionalWrites: boolean };
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly nativeChecksums: boolean;

  constructor(options: S3ObjectStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ? options.prefix.replace(/\/*$/, "/").replace(/^\/+/, "") : "";
    this.rootUri = `s3://${this.bucket}/${this.prefix}`;
    this.multipartThreshold = options.multipartThresholdBytes ?? 64 * MiB;
    this.partSize = Math.max(options.partSizeBytes ?? 16 * MiB, 5 * MiB);
    this.nativeChecksums = options.nativeChecksums ?? true;
    this.capabilities = { conditionalWrites: options.conditionalWrites ?? true };
    this.client =
      options.client ??
      new S3Client({
        ...(options.region ? { region: options.region } : {}),
        ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
        maxAttempts: options.maxAttempts ?? 5,
        retryMode: "standard",
        // We send our own SHA-256 (header, not aws-chunked trailers) so S3-protocol servers work.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      });
  }

  async put(key: string, body: Uint8Array, options: PutOptions = {}): Promise<ObjectInfo> {
    assertValidKey(key);
    const sha256 = sha256Hex(body);
    const common = {
      Bucket: this.bucket,
      Key: this.prefix + key,
      ContentType: options.contentType ?? "application/octet-stream",
      Metadata: { sha256 },
      ...(options.ifMatch !== undefined ? { IfMatch: options.ifMatch } : {}),
      ...(options.ifNoneMatch !== undefined ? { IfNoneMatch: options.ifNoneMatch } : {}),
    };
    try {
      if (body.byteLength >= this.multipartThreshold) {
        const etag = await this.putMultipart(common, body);
        return { key, size: body.byteLength, etag, sha256 };
      }
      const out = await this.client.send(
        new PutObjectCommand({
          ...common,
          Body: body,
          ...(this.nativeChecksums ? { ChecksumSHA256: sha256Base64(body) } : {}),
        }),
      );
      return { key, size: body.byteLength, etag: out.ETag ?? "", sha256 };
    } catch (err) {
      throw mapError(err, key);
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
    let out;
    try {
      out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw mapError(err, key);
    }
    const body = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    const recorded = out.Metadata?.["sha256"];
    const actual = sha256Hex(body);
    if (recorded !== undefined && recorded !== actual) {
      throw new ObjectStoreError("integrity", `Object "${key}" is corrupt: sha256 ${actual} but ${recorded} was recorded at write time.`);
    }
    return { key, size: body.byteLength, etag: out.ETag ?? "", sha256: actual, body };
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertValidKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      const sha256 = out.Metadata?.["sha256"];
      return { key, size: out.ContentLength ?? 0, etag: out.ETag ?? "", ...(sha256 ? { sha256 } : {}) };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw mapError(err, key);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const out = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ContinuationToken: token }),
        );
        for (const obj of out.Contents ?? []) if (obj.Key) keys.push(obj.Key.slice(this.prefix.length));
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
    } catch (err) {
      throw mapError(err, prefix);
    }
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
    } catch (err) {
      if (!isNotFound(err)) throw mapError(err, key);
    }
  }

  private async putMultipart(
    common: { Bucket: string; Key: string; ContentType: string; Metadata: Record<string, string>; IfMatch?: string; IfNoneMatch?: string },
    body: Uint8Array,
  ): Promise<string> {
    const { IfMatch, IfNoneMatch, ...createParams } = common;
    const created = await this.client.send(
      new CreateMultipartUploadCommand({ ...createParams, ...(this.nativeChecksums ? { ChecksumAlgorithm: "SHA256" } : {}) }),
    );
    const uploadId = created.UploadId;
    if (!uploadId) throw new ObjectStoreError("unavailable", `S3 returned no UploadId for "${common.Key}".`);
    try {
      const parts: CompletedPart[] = [];
      for (let offset = 0, partNumber = 1; offset < body.byteLength; offset += this.partSize, partNumber++) {
        const chunk = body.subarray(offset, Math.min(offset + this.partSize, body.byteLength));
        const out = await this.client.send(
          new UploadPartCommand({
            Bucket: common.Bucket,
            Key: common.Key,
            UploadId: uploadId,
            PartNumber: partNumber,
            Body: chunk,
            ...(this.nativeChecksums ? { ChecksumSHA256: sha256Base64(chunk) } : {}),
          }),
        );
        parts.push({ PartNumber: partNumber, ETag: out.ETag, ...(out.ChecksumSHA256 ? { ChecksumSHA256: out.ChecksumSHA256 } : {}) });
      }
      const done = await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: common.Bucket,
          Key: common.Key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          ...(IfMatch !== undefined ? { IfMatch } : {}),
          ...(IfNoneMatch !== undefined ? { IfNoneMatch } : {}),
        }),
      );
      return done.ETag ?? "";
    } catch (err) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: common.Bucket, Key: common.Key, UploadId: uploadId }))
        .catch(() => undefined);
      throw err;
    }
  }
}

function errorName(err: unknown): string {
  return (err as { name?: string }).name ?? "";
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isNotFound(err: unknown): boolean {
  return errorName(err) === "NoSuchKey" || errorName(err) === "NotFound" || httpStatus(err) === 404;
}

function mapError(err: unknown, key: string): Error {
  if (err instanceof ObjectStoreError) return err;
  const status = httpStatus(err);
  if (status === 412 || status === 409 || errorName(err) === "PreconditionFailed") {
    return new ObjectStoreError("precondition_failed", `Conditional write on "${key}" lost: the object changed.`, err);
  }
  return new ObjectStoreError("unavailable", `S3 request for "${key}" failed (${errorName(err) || "error"}${status ? ` ${status}` : ""}): ${(err as Error).message}`, err);
}
