/**
 * The dataset writers' DatasetSink (batch-jobs/data/dataset/sink.ts) on an ObjectStore prefix,
 * so the same resumable writer fills a local folder or an S3 prefix. Object puts are atomic in
 * both stores, which is what the writer's resume logic relies on.
 */
import type { DatasetSink } from "../data/dataset/sink.js";
import type { ObjectStore } from "./object-store.js";

export class ObjectStoreSink implements DatasetSink {
  readonly location: string;
  private readonly prefix: string;

  constructor(
    private readonly store: ObjectStore,
    /** Key prefix of the dataset inside the store ("" or "a/b/"). */
    prefix: string,
  ) {
    this.prefix = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    this.location = store.rootUri + this.prefix;
  }

  async putFile(path: string, bytes: Uint8Array): Promise<void> {
    await this.store.put(this.prefix + path, bytes, { contentType: contentTypeOf(path) });
  }

  async getFile(path: string): Promise<Uint8Array | null> {
    return (await this.store.get(this.prefix + path))?.body ?? null;
  }

  async has(path: string): Promise<boolean> {
    return (await this.store.head(this.prefix + path)) !== null;
  }

  async list(prefix: string): Promise<string[]> {
    return (await this.store.list(this.prefix + prefix)).map((k) => k.slice(this.prefix.length));
  }

  async delete(path: string): Promise<void> {
    await this.store.delete(this.prefix + path);
  }
}

function contentTypeOf(path: string): string {
  if (path.endsWith(".png")) return "image/png";
  if (path.endsWith(".dcm")) return "application/dicom";
  if (path.endsWith(".jsonl")) return "application/x-ndjson";
  if (path.endsWith(".json")) return "application/json";
  if (path.endsWith(".csv")) return "text/csv";
  if (path.endsWith(".md")) return "text/markdown";
  return "application/octet-stream";
}
