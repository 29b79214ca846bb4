/**
 * Stripe-style signature header `t=<unix seconds>,v1=<hex HMAC-SHA256>` over `<t>.<payload>`.
 * Used for partner webhooks (payload = the raw body) and for the internal API (payload = the
 * request's canonical string, see ./request-signature.ts). Several v1 entries are allowed so a
 * secret can be rotated: the receiver accepts the header when any of them matches.
 */
import { constantTimeEqual } from "./encoding.js";
import { hmacSha256Hex } from "./hash.js";

/** Default accepted clock skew / age of a signature, in seconds (Stripe's default too). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureFailure =
  | "signature_missing"
  | "signature_malformed"
  | "signature_stale"
  | "signature_mismatch";

export type SignatureCheck =
  | { ok: true; timestamp: number; signature: string }
  | { ok: false; reason: SignatureFailure; message: string };

export async function signPayload(secret: string, payload: string, timestamp: number): Promise<string> {
  const mac = await hmacSha256Hex(secret, `${timestamp}.${payload}`);
  return `t=${timestamp},v1=${mac}`;
}

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

export function parseSignatureHeader(header: string): ParsedHeader | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (name === "v1" && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

export interface VerifyOptions {
  secret: string;
  payload: string;
  header: string | null | undefined;
  /** Current time in unix seconds (injectable for tests). */
  now: number;
  toleranceSeconds?: number;
}

/** Checks format, age (|now − t| ≤ tolerance) and MAC; never throws for bad input. */
export async function verifySignatureHeader(options: VerifyOptions): Promise<SignatureCheck> {
  const { secret, payload, header, now } = options;
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!header) return { ok: false, reason: "signature_missing", message: "The signature header is missing." };
  const parsed = parseSignatureHeader(header);
  if (!parsed) {
    return { ok: false, reason: "signature_malformed", message: "The signature header must look like t=<unix seconds>,v1=<64 hex chars>." };
  }
  if (Math.abs(now - parsed.timestamp) > tolerance) {
    return { ok: false, reason: "signature_stale", message: `The signature timestamp is more than ${tolerance} s away from the server clock.` };
  }
  const expected = await hmacSha256Hex(secret, `${parsed.timestamp}.${payload}`);
  const match = parsed.signatures.find((candidate) => constantTimeEqual(candidate, expected));
  if (!match) return { ok: false, reason: "signature_mismatch", message: "The signature does not match the payload." };
  return { ok: true, timestamp: parsed.timestamp, signature: match };
}
