/**
 * The runner protocol, independent of the transport (node:http locally, a Lambda function URL in
 * front of AWS Batch): routes one request to a BatchBackend-like target and returns status + body.
 *   GET  /health                          → { ok, … }
 *   POST /v1/jobs            SubmitRequest → 201 SubmitResult (200 when deduplicated)
 *   POST /v1/jobs/describe   { ids }       → { jobs: BackendJobStatus[] }
 *   POST /v1/jobs/:id/cancel { reason }    → 204
 *   GET  /v1/jobs/:id/logs?index=N        → text/plain (local runner only)
 * Errors: { error: { code, message } } — 400 invalid_request, 401 unauthorized, 404 not_found,
 * 409 rejected, 503 unavailable, 500 internal. With `secret` set, every request except /health
 * must carry a valid X-CXR-Signature (shared/crypto/request-signature.ts) — required whenever the
 * API is reachable from outside the machine.
 */
import { INTERNAL_SIGNATURE_HEADER, verifyRequestSignature } from "../../shared/crypto/request-signature.js";
import { BackendError, type BackendJobStatus, type SubmitRequest, type SubmitResult } from "../../shared/jobs/backend.js";

export interface RunnerApiTarget {
  submit(request: SubmitRequest): Promise<SubmitResult>;
  describe(ids: readonly string[]): Promise<BackendJobStatus[]> | BackendJobStatus[];
  cancel(id: string, reason: string): Promise<void>;
  /** Extra /health fields. */
  health(): Record<string, unknown>;
  readLog?(id: string, index: number): Promise<string | null>;
}

export interface ApiRequest {
  method: string;
  /** Path plus query string as received. */
  pathAndQuery: string;
  body: Uint8Array;
  /** Header lookup (lower-case names). */
  header(name: string): string | undefined;
}

export interface ApiResponse {
  status: number;
  contentType?: string;
  body: string;
}

export const MAX_BODY_BYTES = 1024 * 1024;

export interface RunnerApiOptions {
  /** HMAC secret callers must sign with; a function is called only for non-/health requests. */
  secret?: string | (() => Promise<string>);
}

export async function handleRunnerRequest(target: RunnerApiTarget, request: ApiRequest, options: RunnerApiOptions = {}): Promise<ApiResponse> {
  try {
    return await route(target, request, options);
  } catch (err) {
    if (err instanceof BackendError) {
      const status = err.code === "invalid_request" ? 400 : err.code === "unavailable" ? 503 : 409;
      return json(status, { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
    }
    console.error("runner api: unhandled error", err);
    return json(500, { error: { code: "internal", message: "The batch API hit an internal error; see its log." } });
  }
}

async function route(target: RunnerApiTarget, request: ApiRequest, options: RunnerApiOptions): Promise<ApiResponse> {
  const url = new URL(request.pathAndQuery, "http://runner");
  const method = request.method.toUpperCase();
  if (method === "GET" && url.pathname === "/health") return json(200, { ok: true, ...target.health() });
  if (options.secret !== undefined) {
    let secret: string;
    try {
      secret = typeof options.secret === "string" ? options.secret : await options.secret();
    } catch (err) {
      throw new BackendError("unavailable", `The gateway could not read its signing secret (${(err as Error).message}); retry later.`);
    }
    const check = await verifyRequestSignature(secret, { method, pathAndQuery: request.pathAndQuery, body: request.body }, request.header(INTERNAL_SIGNATURE_HEADER), Math.floor(Date.now() / 1000));
    if (!check.ok) return json(401, { error: { code: "unauthorized", message: `Missing or invalid ${INTERNAL_SIGNATURE_HEADER} (${check.reason}).` } });
  }
  if (request.body.byteLength > MAX_BODY_BYTES) throw new BackendError("invalid_request", `Request body over ${MAX_BODY_BYTES} bytes.`);
  if (method === "POST" && url.pathname === "/v1/jobs") {
    const result = await target.submit(parseJson(request.body) as SubmitRequest);
    return json(result.deduplicated ? 200 : 201, result);
  }
  if (method === "POST" && url.pathname === "/v1/jobs/describe") {
    const body = parseJson(request.body) as { ids?: unknown };
    if (!Array.isArray(body.ids) || body.ids.some((id) => typeof id !== "string") || body.ids.length > 1000) {
      throw new BackendError("invalid_request", "Body must be { ids: string[] } with at most 1000 ids.");
    }
    return json(200, { jobs: await target.describe(body.ids as string[]) });
  }
  const cancel = /^\/v1\/jobs\/([^/]+)\/cancel$/.exec(url.pathname);
  if (method === "POST" && cancel) {
    const body = parseJson(request.body) as { reason?: unknown };
    await target.cancel(decodeURIComponent(cancel[1]!), typeof body.reason === "string" ? body.reason : "no reason given");
    return { status: 204, body: "" };
  }
  const logs = /^\/v1\/jobs\/([^/]+)\/logs$/.exec(url.pathname);
  if (method === "GET" && logs && target.readLog) {
    const text = await target.readLog(decodeURIComponent(logs[1]!), Number(url.searchParams.get("index") ?? "0"));
    if (text === null) return json(404, { error: { code: "not_found", message: "No log for that job and index (yet)." } });
    return { status: 200, contentType: "text/plain; charset=utf-8", body: text };
  }
  return json(404, { error: { code: "not_found", message: `No route ${method} ${url.pathname}.` } });
}

function parseJson(body: Uint8Array): unknown {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    return JSON.parse(text || "{}");
  } catch {
    throw new BackendError("invalid_request", "Request body is not valid JSON.");
  }
}

function json(status: number, body: unknown): ApiResponse {
  return { status, contentType: "application/json", body: JSON.stringify(body) };
}
