/**
 * Where a dataset writer puts files. Small on purpose so an object-store backend (S3) is one more
 * implementation: paths are relative POSIX paths inside the dataset; putFile is atomic (a reader
 * or a crash never sees half a file).
 */
export interface DatasetSink {
  /** Human-readable location for messages (a folder path or an s3:// prefix). */
  readonly location: string;
  putFile(path: string, bytes: Uint8Array): Promise<void>;
  /** null when absent. */
  getFile(path: string): Promise<Uint8Array | null>;
  has(path: string): Promise<boolean>;
  /** Files under `prefix` ("" = all), as dataset-relative paths, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Idempotent. */
  delete(path: string): Promise<void>;
}
