import { bodyLimit } from "hono/body-limit";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "../errors.js";

export interface BodyLimitOptions {
  /** Largest accepted request body in bytes. */
  maxBytes: number;
}

/** Rejects oversize bodies with 413 before they are read into memory. */
export function limitBodySize(options: BodyLimitOptions): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: options.maxBytes,
    onError: () => {
      throw new ApiError(413, "body_too_large", `Request body exceeds ${options.maxBytes} bytes.`);
    },
  });
  return async function limitBodySizeMiddleware(c, next) {
    return limit(c, next);
  };
}
