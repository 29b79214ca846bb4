import type { MiddlewareHandler } from "hono";
import { INTERNAL_SIGNATURE_HEADER, MANIFEST_HEADER, verifyRequestSignature } from "../../../shared/crypto/index.js";
import type { AppEnv } from "../app-env.js";
import { ApiError } from "../errors.js";
import { nowSeconds } from "../ids.js";
import { requireSecret } from "../secrets.js";
import { rememberSignature, signatureSeen } from "../storage/signatures.js";

export interface InternalSignatureOptions {
  /** Accepted |server clock − signature timestamp| in seconds. */
  toleranceSeconds: number;
  /** Largest body read (uploads are images). */
  maxBodyBytes: number;
}

/**
 * Internal API guard (batch side → edge): verifies X-CXR-Signature over method, path, body and
 * manifest header (shared/crypto/request-signature.ts), rejects stale timestamps, and rejects an
 * exact replay by remembering each accepted signature until it would be stale anyway.
 */
export function verifyInternalSignature(options: InternalSignatureOptions): MiddlewareHandler<AppEnv> {
  return async function verifyInternalSignatureMiddleware(c, next) {
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > options.maxBodyBytes) throw new ApiError(413, "body_too_large", `Request body exceeds ${options.maxBodyBytes} bytes.`);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength > options.maxBodyBytes) throw new ApiError(413, "body_too_large", `Request body exceeds ${options.maxBodyBytes} bytes.`);
    const url = new URL(c.req.url);
    const now = nowSeconds();
    const check = await verifyRequestSignature(
      requireSecret(c.env, "INTERNAL_HMAC_SECRET"),
      { method: c.req.method, pathAndQuery: url.pathname + url.search, body, manifestHeader: c.req.header(MANIFEST_HEADER) ?? null },
      c.req.header(INTERNAL_SIGNATURE_HEADER),
      now,
      options.toleranceSeconds,
    );
    if (!check.ok) throw new ApiError(401, check.reason, check.message);
    if (await signatureSeen(c.env.DB, check.signature)) {
      throw new ApiError(409, "signature_replayed", "This exact signed request was already accepted; sign each request afresh.");
    }
    c.set("rawBody", body);
    await next();
    // Remembered only once accepted, so a retry after a failure (same second, same signature) still works.
    if (c.res.status < 400) await rememberSignature(c.env.DB, check.signature, check.timestamp + options.toleranceSeconds, now);
  };
}
