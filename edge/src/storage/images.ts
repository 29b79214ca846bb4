/** The content-addressed image store: bytes in R2 (images/<key>.<ext>), an index row in D1. */
import { FILE_CONTENT_TYPE, FILE_EXTENSION, type FileFormat } from "../../../shared/api/index.js";

export interface StoredImage {
  contentKey: string;
  format: FileFormat;
  r2Key: string;
  bytes: number;
  sha256: string;
  quality: Record<string, number> | null;
  modelVersion: string;
  createdAt: string;
}

interface ImageRow {
  content_key: string;
  format: FileFormat;
  r2_key: string;
  bytes: number;
  sha256: string;
  quality: string | null;
  model_version: string;
  created_at: string;
}

function toImage(row: ImageRow): StoredImage {
  return {
    contentKey: row.content_key,
    format: row.format,
    r2Key: row.r2_key,
    bytes: row.bytes,
    sha256: row.sha256,
    quality: row.quality ? (JSON.parse(row.quality) as Record<string, number>) : null,
    modelVersion: row.model_version,
    createdAt: row.created_at,
  };
}

export function imageObjectKey(contentKey: string, format: FileFormat): string {
  return `images/${contentKey}.${FILE_EXTENSION[format]}`;
}

/** The formats stored for a key (empty = cache miss). */
export async function findImages(db: D1Database, contentKey: string): Promise<StoredImage[]> {
  const { results } = await db.prepare("SELECT * FROM images WHERE content_key = ?").bind(contentKey).all<ImageRow>();
  return results.map(toImage);
}

/** SHA-256 of every stored file of these keys: content key → format → hex digest. */
export async function imageHashes(db: D1Database, contentKeys: string[]): Promise<Map<string, Partial<Record<FileFormat, string>>>> {
  const hashes = new Map<string, Partial<Record<FileFormat, string>>>();
  const unique = [...new Set(contentKeys.filter((key) => key !== ""))];
  // D1 binds at most 100 parameters per statement.
  for (let start = 0; start < unique.length; start += 90) {
    const chunk = unique.slice(start, start + 90);
    const { results } = await db
      .prepare(`SELECT content_key, format, sha256 FROM images WHERE content_key IN (${chunk.map(() => "?").join(",")})`)
      .bind(...chunk)
      .all<Pick<ImageRow, "content_key" | "format" | "sha256">>();
    for (const row of results) hashes.set(row.content_key, { ...hashes.get(row.content_key), [row.format]: row.sha256 });
  }
  return hashes;
}

/** Writes bytes then the index row; content-addressed, so a repeated upload is a no-op overwrite. */
export async function putImage(db: D1Database, bucket: R2Bucket, image: StoredImage, bytes: Uint8Array): Promise<void> {
  await bucket.put(image.r2Key, bytes, {
    httpMetadata: { contentType: FILE_CONTENT_TYPE[image.format], cacheControl: "public, max-age=31536000, immutable" },
    sha256: image.sha256,
  });
  await db
    .prepare(
      "INSERT OR IGNORE INTO images (content_key, format, r2_key, bytes, sha256, quality, model_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(image.contentKey, image.format, image.r2Key, image.bytes, image.sha256, image.quality ? JSON.stringify(image.quality) : null, image.modelVersion, image.createdAt)
    .run();
}

export async function readImageObject(bucket: R2Bucket, r2Key: string): Promise<R2ObjectBody | null> {
  return bucket.get(r2Key);
}
