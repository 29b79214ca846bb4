import type { MiddlewareHandler } from "hono";
import { sha256Hex } from "../../../shared/crypto/index.js";
import type { AppEnv } from "../app-env.js";
import { ownerOf } from "../auth/principal.js";
import { ApiError } from "../errors.js";
import { nowIso } from "../ids.js";
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from "../storage/idempotency.js";

export interface IdempotencyOptions {
  /** Request header carrying the client's key. */
  header: string;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Honours Idempotency-Key: the first request's response (2xx/4xx) is stored and replayed to
 * retries with the same key and body; the same key with another body is refused. Keys are per
 * owner, so tenants cannot collide. Runs after authentication.
 */
export function idempotency(options: IdempotencyOptions): MiddlewareHandler<AppEnv> {
  return async function idempotencyMiddleware(c, next) {
    const key = c.req.header(options.header);
    if (key === undefined) return next();
    if (!KEY_PATTERN.test(key)) throw new ApiError(400, "idempotency_key_invalid", `${options.header} must be 1-255 printable ASCII characters.`);
    const owner = ownerOf(c.get("principal"));
    const scopedOwner = owner === "demo" ? `demo:${c.req.header("cf-connecting-ip") ?? "unknown"}` : owner;
    const requestHash = await sha256Hex(`${c.req.method} ${new URL(c.req.url).pathname}\n${await c.req.text()}`);
    const claim = await claimIdempotencyKey(c.env.DB, scopedOwner, key, requestHash, nowIso());
    if (claim.state === "mismatch") throw new ApiError(422, "idempotency_key_reused", `This ${options.header} was used with a different request body; use a new key.`);
    if (claim.state === "in_progress") throw new ApiError(409, "idempotency_in_progress", "A request with this key is still being processed; retry shortly.");
    if (claim.state === "done") {
      return new Response(claim.body, { status: claim.status, headers: { "content-type": "application/json", "idempotent-replayed": "true" } });
    }
    try {
      await next();
    } catch (err) {
      await releaseIdempotencyKey(c.env.DB, scopedOwner, key);
      throw err;
    }
    if (c.res.status >= 500 || c.error) {
      await releaseIdempotencyKey(c.env.DB, scopedOwner, key);
      return;
    }
    await completeIdempotencyKey(c.env.DB, scopedOwner, key, c.res.status, await c.res.clone().text());
  };
}
