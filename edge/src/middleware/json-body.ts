import type { Context } from "hono";
import type { z } from "zod";
import { ApiError } from "../errors.js";
import { issueList } from "../../../shared/validation/format-issues.js";

/** Reads a JSON body and validates it; every problem is listed with its field path. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const errors = issueList(result.error, "(body)");
    throw new ApiError(400, "invalid_request", `Invalid request: ${errors.map((e) => `${e.path}: ${e.message}`).slice(0, 5).join("; ")}`, { errors });
  }
  return result.data;
}
