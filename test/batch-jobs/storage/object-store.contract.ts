/**
 * One behavioural contract for every ObjectStore implementation (hono's common.case.test.ts
 * pattern): called from local-object-store.integration.test.ts and s3-object-store.integration.test.ts.
 */
import { describe, expect, it } from "vitest";
import { ObjectStoreError, type ObjectStore } from "../../../batch-jobs/storage/object-store.js";
import { sha256Hex } from "../../../batch-jobs/storage/sha256.js";

export interface ContractHarness {
  /** A fresh, empty store. */
  makeStore(): Promise<ObjectStore>;
  /** Flips one byte of the stored object behind the store's back. */
  corrupt(store: ObjectStore, key: string): Promise<void>;
  /** Size of an object that must take the multipart path (0 = no multipart path). */
  largeObjectBytes: number;
  /** Whether the server enforces conditional writes (the CAS cases are skipped otherwise). */
  conditionalWrites: boolean;
}

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

export function runObjectStoreContract(name: string, harness: ContractHarness): void {
  describe(`ObjectStore contract: ${name}`, () => {
    it("reports the capabilities the harness expects", async () => {
      expect((await harness.makeStore()).capabilities.conditionalWrites).toBe(harness.conditionalWrites);
    });

    it("round-trips bytes with size, etag and sha256", async () => {
      const store = await harness.makeStore();
      const info = await store.put("a/b/c.json", text('{"x":1}'), { contentType: "application/json" });
      expect(info.sha256).toBe(sha256Hex(text('{"x":1}')));
      const got = await store.get("a/b/c.json");
      expect(got && decode(got.body)).toBe('{"x":1}');
      expect(got?.size).toBe(7);
      expect(got?.sha256).toBe(info.sha256);
      expect(got?.etag).toBe(info.etag);
      expect((await store.head("a/b/c.json"))?.size).toBe(7);
    });

    it("returns null for absent keys and deletes idempotently", async () => {
      const store = await harness.makeStore();
      expect(await store.get("nope/x")).toBeNull();
      expect(await store.head("nope/x")).toBeNull();
      await store.put("k", text("v"));
      await store.delete("k");
      await store.delete("k");
      expect(await store.get("k")).toBeNull();
    });

    it("overwrites and lists keys under a prefix in sorted order", async () => {
      const store = await harness.makeStore();
      for (const k of ["p/2", "p/10", "p/1/x", "q/1", "p/2"]) await store.put(k, text(k));
      expect(await store.list("p/")).toEqual(["p/1/x", "p/10", "p/2"]);
      expect(await store.list("")).toEqual(["p/1/x", "p/10", "p/2", "q/1"]);
      expect(await store.list("zzz")).toEqual([]);
    });

    it("rejects keys that escape the root", async () => {
      const store = await harness.makeStore();
      for (const bad of ["", "/abs", "a/../b", "a//b", "dir/", "a\\b", ".cxr-tmp/x"]) {
        await expect(store.put(bad, text("x"))).rejects.toMatchObject({ code: "invalid_key" });
      }
    });

    it("stores empty objects", async () => {
      const store = await harness.makeStore();
      await store.put("empty", new Uint8Array());
      expect((await store.get("empty"))?.size).toBe(0);
    });

    it("detects corruption on read (sha256 mismatch)", async () => {
      const store = await harness.makeStore();
      await store.put("m/weights.bin", text("0123456789"));
      await harness.corrupt(store, "m/weights.bin");
      const err = await store.get("m/weights.bin").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ObjectStoreError);
      expect((err as ObjectStoreError).code).toBe("integrity");
    });

    it.runIf(harness.largeObjectBytes > 0)("uploads a large object in parts and reads it back intact", async () => {
      const store = await harness.makeStore();
      const big = new Uint8Array(harness.largeObjectBytes);
      for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
      const info = await store.put("big/blob.bin", big);
      const got = await store.get("big/blob.bin");
      expect(got?.size).toBe(big.length);
      expect(got?.sha256).toBe(sha256Hex(big));
      expect(info.sha256).toBe(sha256Hex(big));
    });

    describe.runIf(harness.conditionalWrites)("conditional writes", () => {
      it("ifNoneMatch '*' creates once", async () => {
        const store = await harness.makeStore();
        await store.put("alias", text("v1"), { ifNoneMatch: "*" });
        await expect(store.put("alias", text("v2"), { ifNoneMatch: "*" })).rejects.toMatchObject({ code: "precondition_failed" });
        expect(decode((await store.get("alias"))!.body)).toBe("v1");
      });

      it("ifMatch swaps only from the expected version", async () => {
        const store = await harness.makeStore();
        const first = await store.put("alias", text("v1"));
        const second = await store.put("alias", text("v2"), { ifMatch: first.etag });
        await expect(store.put("alias", text("v3"), { ifMatch: first.etag })).rejects.toMatchObject({ code: "precondition_failed" });
        expect(decode((await store.get("alias"))!.body)).toBe("v2");
        expect(second.etag).not.toBe(first.etag);
      });

      it("of N concurrent swaps from the same version exactly one wins", async () => {
        const store = await harness.makeStore();
        const base = await store.put("alias", text("v0"));
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) => store.put("alias", text(`v${i + 1}`), { ifMatch: base.etag })),
        );
        const winners = results.filter((r) => r.status === "fulfilled");
        expect(winners).toHaveLength(1);
        for (const r of results) {
          if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "precondition_failed" });
        }
      });
    });
  });
}
