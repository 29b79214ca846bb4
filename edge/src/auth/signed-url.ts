/**
 * Short-lived signed URLs for downloads: `?expires=<unix s>&signature=hex(HMAC-SHA256(secret,
 * path "\n" expires))`. Anyone holding the URL may fetch until it expires; nothing else is needed.
 */
import { constantTimeEqual, hmacSha256Hex } from "../../../shared/crypto/index.js";

export async function signPath(secret: string, path: string, expires: number): Promise<string> {
  const signature = await hmacSha256Hex(secret, `${path}\n${expires}`);
  return `${path}?expires=${expires}&signature=${signature}`;
}

export type SignedUrlCheck = { ok: true } | { ok: false; code: "url_signature_missing" | "url_expired" | "url_signature_invalid"; message: string };

export async function verifySignedPath(secret: string, path: string, expires: string | undefined, signature: string | undefined, now: number): Promise<SignedUrlCheck> {
  if (!expires || !signature) return { ok: false, code: "url_signature_missing", message: "This URL must carry expires and signature query parameters; get a fresh one from the manifest." };
  if (!/^\d{1,12}$/.test(expires) || Number(expires) < now) return { ok: false, code: "url_expired", message: "This download URL has expired; fetch the manifest again for fresh URLs." };
  const expected = await hmacSha256Hex(secret, `${path}\n${expires}`);
  if (!constantTimeEqual(expected, signature)) return { ok: false, code: "url_signature_invalid", message: "The URL signature is not valid for this path." };
  return { ok: true };
}
