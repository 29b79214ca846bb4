import type { MiddlewareHandler } from "hono";
import { ApiError } from "../errors.js";

export interface ContentTypeOptions {
  /** Media types accepted for the request body (parameters such as charset are ignored). */
  accept: string[];
}

/** Answers 415 for a body in a media type the route does not read. */
export function requireContentType(options: ContentTypeOptions): MiddlewareHandler {
  return async function requireContentTypeMiddleware(c, next) {
    const header = c.req.header("content-type") ?? "";
    const mediaType = header.split(";")[0]!.trim().toLowerCase();
    if (!options.accept.includes(mediaType)) {
      throw new ApiError(
        415,
        "unsupported_media_type",
        `Send the body as ${options.accept.join(" or ")}${mediaType ? `, not ${mediaType}` : ""}.`,
      );
    }
    await next();
  };
}
