/**
 * API keys look like `cxr_<prefix>_<secret>`: the 12-char prefix is stored in clear for lookup,
 * the 32-char secret only as SHA-256. A key is shown once, at creation.
 */
import { constantTimeEqual, randomBytes, sha256Hex, toBase64Url } from "../../../shared/crypto/index.js";

const KEY_PATTERN = /^cxr_([A-Za-z0-9]{12})_([A-Za-z0-9]{32})$/;

function alphanumeric(length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  // 62 symbols from bytes: values ≥ 248 are skipped so every symbol is equally likely.
  while (out.length < length) {
    for (const byte of randomBytes(length)) if (byte < 248 && out.length < length) out += alphabet[byte % 62];
  }
  return out;
}

export interface NewApiKey {
  key: string;
  prefix: string;
  secretHash: string;
}

export async function generateApiKey(): Promise<NewApiKey> {
  const prefix = alphanumeric(12);
  const secret = alphanumeric(32);
  return { key: `cxr_${prefix}_${secret}`, prefix, secretHash: await sha256Hex(secret) };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

export async function secretMatches(secret: string, storedHash: string): Promise<boolean> {
  return constantTimeEqual(await sha256Hex(secret), storedHash);
}

/** Random secret for signing a partner's webhooks. */
export function generateWebhookSecret(): string {
  return `whsec_${toBase64Url(randomBytes(24))}`;
}
