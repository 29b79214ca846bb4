/** SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104) through WebCrypto, hex-encoded. */
import { toHex, utf8 } from "./encoding.js";
import { getSubtle, type SubtleLike } from "./subtle.js";

function asBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? utf8(data) : data;
}

export async function sha256Hex(data: string | Uint8Array, subtle: SubtleLike = getSubtle()): Promise<string> {
  return toHex(await subtle.digest("SHA-256", asBytes(data)));
}

export async function hmacSha256Hex(
  secret: string,
  message: string | Uint8Array,
  subtle: SubtleLike = getSubtle(),
): Promise<string> {
  const key = await subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(await subtle.sign("HMAC", key, asBytes(message)));
}
