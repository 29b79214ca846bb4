/**
 * Signing of internal API requests (batch side → edge). The MAC covers the method, the path with
 * query, a SHA-256 of the body and of the optional manifest header, so a captured signature cannot
 * be replayed against another endpoint or with another body. The edge additionally remembers each
 * accepted signature until it goes stale, so an exact replay is rejected too.
 *
 *   payload = METHOD "\n" PATH_AND_QUERY "\n" hex(sha256(body)) "\n" hex(sha256(manifestHeader ?? ""))
 *   header  X-CXR-Signature: t=<unix seconds>,v1=hex(HMAC-SHA256(secret, t "." payload))
 */
import { sha256Hex } from "./hash.js";
import { signPayload, verifySignatureHeader, type SignatureCheck } from "./signature-header.js";

export const INTERNAL_SIGNATURE_HEADER = "x-cxr-signature";
/** Carries one manifest line (base64url JSON) alongside uploaded image bytes. */
export const MANIFEST_HEADER = "x-cxr-manifest";

export interface SignableRequest {
  method: string;
  /** Path plus query string exactly as sent, e.g. `/internal/v1/events?x=1`. */
  pathAndQuery: string;
  body: Uint8Array | string;
  manifestHeader?: string | null;
}

export async function canonicalRequestPayload(request: SignableRequest): Promise<string> {
  const bodyHash = await sha256Hex(request.body);
  const manifestHash = await sha256Hex(request.manifestHeader ?? "");
  return `${request.method.toUpperCase()}\n${request.pathAndQuery}\n${bodyHash}\n${manifestHash}`;
}

/** Header value for X-CXR-Signature. `timestamp` is unix seconds. */
export async function signRequest(secret: string, request: SignableRequest, timestamp: number): Promise<string> {
  return signPayload(secret, await canonicalRequestPayload(request), timestamp);
}

export async function verifyRequestSignature(
  secret: string,
  request: SignableRequest,
  header: string | null | undefined,
  now: number,
  toleranceSeconds?: number,
): Promise<SignatureCheck> {
  const payload = await canonicalRequestPayload(request);
  return verifySignatureHeader({ secret, payload, header, now, ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }) });
}
