import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalRequestPayload, fromBase64Url, hmacSha256Hex, sha256Hex, signPayload, signRequest, toBase64Url, utf8, verifyRequestSignature, verifySignatureHeader } from "../../shared/crypto/index.js";
import { canonicalJson, contentKey, itemSeed } from "../../shared/keys/index.js";
import { parseReport } from "../../shared/report/index.js";
import { REPORT } from "./helpers/api.js";

describe("hashes", () => {
  it("match the FIPS 180-4 and RFC 4231 test vectors", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // RFC 4231 test case 2.
    expect(await hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });

  it("utf8 agrees with TextEncoder, and base64url round-trips", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.uint8Array(), (text, bytes) => {
        expect(utf8(text)).toEqual(new TextEncoder().encode(text));
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
    );
    expect(fromBase64Url("a+b/")).toBeNull();
  });
});

describe("Stripe-style signature header", () => {
  const secret = "whsec_test";
  const body = '{"id":"evt_1"}';

  it("verifies its own signature and rejects tampering, staleness and malformed headers", async () => {
    const header = await signPayload(secret, body, 1_000_000);
    expect(header).toMatch(/^t=1000000,v1=[0-9a-f]{64}$/);
    expect(await verifySignatureHeader({ secret, payload: body, header, now: 1_000_100 })).toMatchObject({ ok: true });
    expect(await verifySignatureHeader({ secret, payload: body + " ", header, now: 1_000_100 })).toMatchObject({ ok: false, reason: "signature_mismatch" });
    expect(await verifySignatureHeader({ secret: "other", payload: body, header, now: 1_000_100 })).toMatchObject({ ok: false, reason: "signature_mismatch" });
    expect(await verifySignatureHeader({ secret, payload: body, header, now: 1_000_301 })).toMatchObject({ ok: false, reason: "signature_stale" });
    expect(await verifySignatureHeader({ secret, payload: body, header: "v1=abc", now: 1_000_000 })).toMatchObject({ ok: false, reason: "signature_malformed" });
    expect(await verifySignatureHeader({ secret, payload: body, header: undefined, now: 1_000_000 })).toMatchObject({ ok: false, reason: "signature_missing" });
  });

  it("accepts any matching v1 entry (secret rotation)", async () => {
    const good = (await signPayload(secret, body, 50)).split("v1=")[1]!;
    const header = `t=50,v1=${"0".repeat(64)},v1=${good}`;
    expect(await verifySignatureHeader({ secret, payload: body, header, now: 60 })).toMatchObject({ ok: true });
  });

  it("internal request signatures bind method, path, body and manifest", async () => {
    const base = { method: "PUT", pathAndQuery: "/internal/v1/jobs/j/items/0", body: new Uint8Array([1, 2, 3]), manifestHeader: "abc" };
    const header = await signRequest(secret, base, 100);
    expect(await verifyRequestSignature(secret, base, header, 100)).toMatchObject({ ok: true });
    for (const changed of [{ method: "POST" }, { pathAndQuery: "/internal/v1/jobs/j/items/1" }, { body: new Uint8Array([1, 2, 4]) }, { manifestHeader: "abd" }]) {
      expect(await verifyRequestSignature(secret, { ...base, ...changed }, header, 100)).toMatchObject({ ok: false, reason: "signature_mismatch" });
    }
    expect(await canonicalRequestPayload(base)).toContain("PUT\n/internal/v1/jobs/j/items/0\n");
  });
});

describe("content-addressed keys", () => {
  it("canonical JSON ignores key order and undefined members", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], c: undefined })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(RangeError);
  });

  it("depends on report, model, seed and sampler, and on nothing else", async () => {
    const canonical = parseReport(REPORT).canonical;
    const base = { canonical, modelVersion: "1.0.0", seed: 1, sampler: { steps: 50, guidance: 4, size: 64 } };
    const key = await contentKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await contentKey({ ...base, sampler: { size: 64, guidance: 4, steps: 50 } })).toBe(key);
    expect(await contentKey(structuredClone(base))).toBe(key);
    const variants = [
      { ...base, seed: 2 },
      { ...base, modelVersion: "1.0.1" },
      { ...base, sampler: { ...base.sampler, steps: 51 } },
      { ...base, sampler: { ...base.sampler, guidance: 4.5 } },
      { ...base, sampler: { ...base.sampler, size: 128 } },
      { ...base, canonical: parseReport("FINDINGS: PA view of the chest. There is cardiomegaly.").canonical },
    ];
    const keys = await Promise.all(variants.map((v) => contentKey(v)));
    expect(new Set([key, ...keys]).size).toBe(variants.length + 1);
  });

  it("derives item seeds as seed + item index (mod 2^32)", () => {
    expect(itemSeed(10, 0, 0, 4)).toBe(10);
    expect(itemSeed(10, 2, 3, 4)).toBe(21);
    expect(itemSeed(0xffffffff, 0, 1, 1)).toBe(0);
  });
});
