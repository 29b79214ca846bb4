import { Hono } from "hono";
import { validateReport, REPORT_MAX_CHARS } from "../../../shared/report/index.js";
import { ApiError } from "../errors.js";
import { limitBodySize } from "../middleware/body-limit.js";
import { requireContentType } from "../middleware/content-type.js";

// UTF-8 can take up to 4 bytes per character; the JSON envelope adds a little.
const MAX_BODY_BYTES = REPORT_MAX_CHARS * 4 + 1024;

async function readReport(req: Request): Promise<unknown> {
  const mediaType = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const raw = await req.text();
  if (mediaType === "text/plain") return raw;
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON. Send {\"report\": \"...\"}.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body) || !("report" in body)) {
    throw new ApiError(400, "report_missing", "The JSON body must be an object with a \"report\" field.");
  }
  return (body as { report: unknown }).report;
}

/**
 * POST /v1/reports/validate: parses a report (JSON {"report": "..."} or text/plain) and
 * returns the parse, or 422 with every problem found. The report is never stored or logged.
 */
export const reportRoutes = new Hono<{ Bindings: Env }>().post(
  "/v1/reports/validate",
  limitBodySize({ maxBytes: MAX_BODY_BYTES }),
  requireContentType({ accept: ["application/json", "text/plain"] }),
  async (c) => {
    const result = validateReport(await readReport(c.req.raw));
    if (!result.ok) {
      const first = result.errors[0]!;
      throw new ApiError(422, first.code, first.message, { errors: result.errors });
    }
    return c.json({ report: result.report });
  },
);
