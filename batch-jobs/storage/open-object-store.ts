/**
 * Turns a location URI into a store plus a key inside it: `file:///abs/dir/a/b.json` or
 * `s3://bucket/a/b.json`. Jobs take URIs in their specs, so switching local ↔ cloud is config.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LocalObjectStore } from "./local-object-store.js";
import { ObjectStoreError, type ObjectStore } from "./object-store.js";
import { S3ObjectStore } from "./s3-object-store.js";

/** Opens the store rooted at a prefix URI (`file:///dir/` or `s3://bucket/prefix/`). */
export function openObjectStore(rootUri: string, env: Record<string, string | undefined> = {}): ObjectStore {
  if (rootUri.startsWith("file://")) {
    let dir: string;
    try {
      dir = fileURLToPath(rootUri);
    } catch {
      throw new ObjectStoreError("invalid_uri", `Not a valid file URI: "${rootUri}" (use file:///absolute/path/).`);
    }
    return new LocalObjectStore(dir);
  }
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/.exec(rootUri);
  if (m) {
    const endpoint = env["CXR_S3_ENDPOINT"];
    return new S3ObjectStore({
      bucket: m[1]!,
      prefix: m[2]!,
      ...(endpoint ? { endpoint, nativeChecksums: false, conditionalWrites: false } : {}),
    });
  }
  throw new ObjectStoreError("invalid_uri", `Unsupported location "${rootUri}": use file:///absolute/path/ or s3://bucket/prefix/.`);
}

/** Splits an object URI into (store rooted at its folder, key of the object). */
export function openObjectUri(objectUri: string, env: Record<string, string | undefined> = {}): { store: ObjectStore; key: string } {
  if (objectUri.startsWith("file://")) {
    let file: string;
    try {
      file = fileURLToPath(objectUri);
    } catch {
      throw new ObjectStoreError("invalid_uri", `Not a valid file URI: "${objectUri}".`);
    }
    return { store: new LocalObjectStore(path.dirname(file)), key: path.basename(file) };
  }
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(objectUri);
  if (m) {
    const key = m[2]!;
    const slash = key.lastIndexOf("/");
    return { store: openObjectStore(`s3://${m[1]}/${slash >= 0 ? key.slice(0, slash + 1) : ""}`, env), key: key.slice(slash + 1) };
  }
  throw new ObjectStoreError("invalid_uri", `Unsupported location "${objectUri}": use file:///absolute/path or s3://bucket/key.`);
}
