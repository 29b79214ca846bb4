import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { ApiError } from "../errors.js";
import { issueList } from "../../../shared/validation/format-issues.js";

export interface ParseJsonOptions {
  /** Code of a body that is JSON but does not match the schema. */
  invalidCode: string;
  /** What the body is, for the messages ("request", "job event"). */
  subject: string;
}

/** Parses and validates a JSON body; every problem is listed with its field path. */
export function parseJson<S extends z.ZodType>(body: string | Uint8Array, schema: S, options: ParseJsonOptions): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof body === "string" ? body : new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body));
  } catch {
    throw new ApiError(400, "invalid_json", `The ${options.subject} body is not valid JSON.`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const errors = issueList(result.error, "(body)");
    throw new ApiError(400, options.invalidCode, `Invalid ${options.subject}: ${errors.map((e) => `${e.path}: ${e.message}`).slice(0, 5).join("; ")}`, { errors });
  }
  return result.data;
}

/** Reads a request's JSON body and validates it (400 invalid_json / invalid_request). */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseJson(await c.req.text(), schema, { invalidCode: "invalid_request", subject: "request" });
}

/** The same for a signed internal request, whose bytes the signature middleware already read. */
export function readSignedJson<S extends z.ZodType>(c: Context<AppEnv>, schema: S, options: ParseJsonOptions): z.output<S> {
  return parseJson(c.get("rawBody"), schema, options);
}
