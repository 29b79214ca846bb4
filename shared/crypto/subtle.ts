/**
 * The slice of WebCrypto's SubtleCrypto this package uses. shared/ sees neither DOM, Node nor
 * Workers types, so it declares the few members it needs; Workers and Node ≥ 20 both provide
 * `globalThis.crypto.subtle` with this shape.
 */
export interface CryptoKeyLike {
  readonly type: string;
}

export interface SubtleLike {
  digest(algorithm: "SHA-256", data: Uint8Array): Promise<ArrayBuffer>;
  importKey(
    format: "raw",
    keyData: Uint8Array,
    algorithm: { name: "HMAC"; hash: "SHA-256" },
    extractable: boolean,
    keyUsages: Array<"sign" | "verify">,
  ): Promise<CryptoKeyLike>;
  sign(algorithm: "HMAC", key: CryptoKeyLike, data: Uint8Array): Promise<ArrayBuffer>;
}

interface CryptoGlobal {
  crypto?: { subtle?: SubtleLike; getRandomValues?: (array: Uint8Array) => Uint8Array };
}

/** The runtime's SubtleCrypto; throws (a deployment bug, not user input) when there is none. */
export function getSubtle(): SubtleLike {
  const subtle = (globalThis as unknown as CryptoGlobal).crypto?.subtle;
  if (!subtle) throw new Error("WebCrypto (globalThis.crypto.subtle) is not available in this runtime");
  return subtle;
}

/** Cryptographically random bytes from the runtime's CSPRNG. */
export function randomBytes(length: number): Uint8Array {
  const getRandomValues = (globalThis as unknown as CryptoGlobal).crypto?.getRandomValues;
  if (!getRandomValues) throw new Error("WebCrypto (globalThis.crypto.getRandomValues) is not available in this runtime");
  const bytes = new Uint8Array(length);
  getRandomValues.call((globalThis as unknown as CryptoGlobal).crypto, bytes);
  return bytes;
}
