/**
 * The one interface the jobs read and write through: a flat key → bytes store, implemented by a
 * local folder (file://, the embedded default) and S3 (s3://). Only this folder touches S3.
 *
 * Keys are `/`-separated relative paths ("models/cxr/v1/manifest.json"). Every object carries
 * the sha256 of its bytes, verified on read, so a truncated or bit-flipped object is an error,
 * not silently wrong data. Conditional writes (ifMatch / ifNoneMatch) give compare-and-swap for
 * small control objects such as registry aliases.
 */

import { ClassifiedError } from "../../shared/jobs/classified-error.js";
import type { ExitClass } from "../../shared/jobs/exit-codes.js";

export interface PutOptions {
  contentType?: string;
  /** Write only if the current object's etag equals this (compare-and-swap). */
  ifMatch?: string;
  /** "*" = write only if no object exists at the key (create-once). */
  ifNoneMatch?: "*";
}

export interface ObjectInfo {
  key: string;
  size: number;
  /** Opaque version tag for conditional writes (S3 ETag; sha256 locally). */
  etag: string;
  /** Hex sha256 of the bytes, when recorded at write time. */
  sha256?: string;
}

export interface StoredObject extends ObjectInfo {
  body: Uint8Array;
}

export interface StoreCapabilities {
  /** ifMatch / ifNoneMatch are enforced atomically by the store. */
  conditionalWrites: boolean;
}

export interface ObjectStore {
  /** The store's root as a URI (file:///… or s3://bucket/prefix/). */
  readonly rootUri: string;
  readonly capabilities: StoreCapabilities;
  put(key: string, body: Uint8Array, options?: PutOptions): Promise<ObjectInfo>;
  /** null when absent; throws ObjectStoreError("integrity") when the bytes fail their sha256. */
  get(key: string): Promise<StoredObject | null>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Keys under `prefix` (may be ""), sorted ascending. */
  list(prefix: string): Promise<string[]>;
  /** Idempotent: deleting an absent key is fine. */
  delete(key: string): Promise<void>;
}

export type ObjectStoreErrorCode =
  | "invalid_key"
  | "precondition_failed"
  | "integrity"
  | "unavailable"
  | "invalid_uri";

/** How a job fails on each store error (and the code the edge is told). */
export const OBJECT_STORE_EXIT: Record<ObjectStoreErrorCode, { exitClass: ExitClass; failureCode: string }> = {
  invalid_key: { exitClass: "internal", failureCode: "invalid_key" },
  precondition_failed: { exitClass: "internal", failureCode: "precondition_failed" },
  integrity: { exitClass: "integrity", failureCode: "integrity" },
  unavailable: { exitClass: "transient", failureCode: "store_unavailable" },
  invalid_uri: { exitClass: "invalidSpec", failureCode: "invalid_uri" },
};

export class ObjectStoreError extends ClassifiedError<ObjectStoreErrorCode> {
  override readonly name = "ObjectStoreError";
  constructor(code: ObjectStoreErrorCode, message: string, cause?: unknown) {
    super(code, OBJECT_STORE_EXIT[code].exitClass, message, cause === undefined ? undefined : { cause });
  }

  override get failureCode(): string {
    return OBJECT_STORE_EXIT[this.code].failureCode;
  }
}

/** Rejects keys that could escape the root or collide with the store's own bookkeeping. */
export function assertValidKey(key: string): void {
  const bad =
    key.length === 0 ||
    key.length > 1024 ||
    key.startsWith("/") ||
    key.endsWith("/") ||
    key.includes("\\") ||
    key.includes("\0") ||
    key.split("/").some((seg) => seg === "" || seg === "." || seg === ".." || seg.startsWith(".cxr-"));
  if (bad) {
    throw new ObjectStoreError("invalid_key", `Invalid object key "${key}": use a relative path of non-empty segments, no "..", no leading "/", no ".cxr-" segments.`);
  }
}

/** Joins key segments with "/" (prefixes may or may not end with "/"). */
export function joinKey(...parts: string[]): string {
  return parts.map((p) => p.replace(/^\/+|\/+$/g, "")).filter((p) => p.length > 0).join("/");
}
