import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.js";
import { constantTimeEqual } from "../../../shared/crypto/index.js";
import { ApiError } from "../errors.js";
import { requireSecret } from "../secrets.js";

export interface AdminOptions {
  /** Header carrying the admin secret. */
  header: string;
}

/** Admin endpoints: the caller must present ADMIN_API_KEY. */
export function requireAdmin(options: AdminOptions): MiddlewareHandler<AppEnv> {
  return async function requireAdminMiddleware(c, next) {
    const presented = c.req.header(options.header);
    if (!presented) throw new ApiError(401, "admin_key_required", `Send the admin key in the ${options.header} header.`);
    if (!constantTimeEqual(presented, requireSecret(c.env, "ADMIN_API_KEY"))) throw new ApiError(403, "admin_key_invalid", "The admin key is not valid.");
    await next();
  };
}
