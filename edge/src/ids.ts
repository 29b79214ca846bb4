import { randomBytes, toBase64Url } from "../../shared/crypto/index.js";

/** Random identifier `<prefix>_<22 base64url chars>` (128 bits): unguessable, safe in paths and job names. */
export function newId(prefix: string): string {
  return `${prefix}_${toBase64Url(randomBytes(16)).replace(/[-_]/g, (ch) => (ch === "-" ? "A" : "B"))}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
