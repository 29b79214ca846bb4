import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.js";
import { parseApiKey, secretMatches } from "../auth/api-key.js";
import type { ApiScope } from "../auth/principal.js";
import { ApiError } from "../errors.js";
import { nowIso } from "../ids.js";
import { findApiKeyByPrefix, touchApiKey } from "../storage/api-keys.js";

export interface AuthenticateOptions {
  /** Scope the API key must hold. */
  scope: ApiScope;
  /** When true, requests without a key proceed as the anonymous public demo. */
  allowDemo: boolean;
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : "";
}

/** Resolves the caller: a partner (Authorization: Bearer cxr_…) or, where allowed, the demo. */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const token = bearerToken(c.req.header("authorization"));
    if (token === null) {
      if (!options.allowDemo) throw new ApiError(401, "api_key_required", "Send your API key as 'Authorization: Bearer cxr_…'.");
      c.set("principal", { kind: "demo", clientIp: c.req.header("cf-connecting-ip") ?? "unknown" });
      return next();
    }
    const parsed = parseApiKey(token);
    const record = parsed ? await findApiKeyByPrefix(c.env.DB, parsed.prefix) : null;
    if (!parsed || !record || !(await secretMatches(parsed.secret, record.secretHash))) {
      throw new ApiError(401, "api_key_invalid", "The API key is not valid. Check that it was copied whole.");
    }
    if (record.revokedAt) throw new ApiError(401, "api_key_revoked", "This API key was revoked. Ask your administrator for a new one.");
    if (!record.scopes.includes(options.scope)) {
      throw new ApiError(403, "scope_missing", `This API key lacks the "${options.scope}" scope.`, { required: options.scope, granted: record.scopes });
    }
    c.executionCtx.waitUntil(touchApiKey(c.env.DB, record.id, nowIso()).catch((err: unknown) => console.error("touchApiKey failed", err)));
    c.set("principal", { kind: "partner", partnerId: record.partnerId, keyId: record.id, scopes: record.scopes });
    return next();
  };
}
