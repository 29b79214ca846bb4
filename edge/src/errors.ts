import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The edge's one error type: a stable machine `code`, a message a person can act on, and
 * optional structured details. Routes throw it; `onError` turns it into JSON.
 */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(status, { message });
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    // Hono's own middleware (e.g. malformed JSON) throws plain HTTPExceptions.
    return c.json(errorBody(`http_${err.status}`, err.message || "Request rejected."), err.status);
  }
  // Only our own bugs reach here; the message stays generic so nothing internal leaks.
  console.error("unhandled error", err);
  return c.json(errorBody("internal_error", "Something went wrong on our side. Please retry later."), 500);
}

export function handleNotFound(c: Context): Response {
  return c.json(errorBody("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), 404);
}
