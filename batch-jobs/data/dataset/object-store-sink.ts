/**
 * DatasetSink over the jobs' ObjectStore (batch-jobs/storage: local folder or S3), so a dataset
 * can be written straight to s3://bucket/prefix/. Object puts are atomic by nature; the store
 * also verifies each object's sha256 on read.
 */
import type { ObjectStore } from "../../storage/object-store.js";
import type { DatasetSink } from "./sink.js";

export class ObjectStoreSink implements DatasetSink {
  readonly location: string;
  private readonly prefix: string;

  /** `prefix` is the dataset's key prefix inside the store ("" = the store root). */
  constructor(private readonly store: ObjectStore, prefix: string) {
    this.prefix = prefix.replace(/^\/+|\/+$/g, "");
    this.location = store.rootUri + (this.prefix === "" ? "" : this.prefix + "/");
  }

  private key(path: string): string {
    return this.prefix === "" ? path : `${this.prefix}/${path}`;
  }

  async putFile(path: string, bytes: Uint8Array): Promise<void> {
    await this.store.put(this.key(path), bytes);
  }

  async getFile(path: string): Promise<Uint8Array | null> {
    return (await this.store.get(this.key(path)))?.body ?? null;
  }

  async has(path: string): Promise<boolean> {
    return (await this.store.head(this.key(path))) !== null;
  }

  async list(prefix: string): Promise<string[]> {
    const base = this.prefix === "" ? "" : this.prefix + "/";
    return (await this.store.list(base + prefix)).map((k) => k.slice(base.length)).sort();
  }

  async delete(path: string): Promise<void> {
    await this.store.delete(this.key(path));
  }
}
