/**
 * The runner's HTTP face on 127.0.0.1, spoken by shared/jobs/local-backend-client.ts:
 *   GET  /health                          → { ok, running, runnable, jobs, concurrency }
 *   POST /v1/jobs            SubmitRequest → 201 SubmitResult (200 when deduplicated)
 *   POST /v1/jobs/describe   { ids }       → { jobs: BackendJobStatus[] }
 *   POST /v1/jobs/:id/cancel { reason }    → 204
 *   GET  /v1/jobs/:id/logs?index=N        → text/plain log of child N (all attempts)
 * Errors: { error: { code, message } } with 400 (invalid_request), 404 (not_found), 503
 * (unavailable), 500 (internal).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BackendError, type SubmitRequest } from "../../shared/jobs/backend.js";
import type { LocalRunner } from "./local-runner.js";

const MAX_BODY_BYTES = 1024 * 1024;

export interface RunnerServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startRunnerServer(runner: LocalRunner, options: { port: number; host?: string; concurrency: number }): Promise<RunnerServer> {
  const server = createServer((req, res) => {
    handle(runner, options.concurrency, req, res).catch((err: unknown) => sendError(res, err));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function handle(runner: LocalRunner, concurrency: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://runner");
  const method = req.method ?? "GET";
  if (method === "GET" && url.pathname === "/health") {
    return sendJson(res, 200, { ok: true, concurrency, ...runner.counts() });
  }
  if (method === "POST" && url.pathname === "/v1/jobs") {
    const result = await runner.submit((await readJson(req)) as SubmitRequest);
    return sendJson(res, result.deduplicated ? 200 : 201, result);
  }
  if (method === "POST" && url.pathname === "/v1/jobs/describe") {
    const body = (await readJson(req)) as { ids?: unknown };
    if (!Array.isArray(body.ids) || body.ids.some((id) => typeof id !== "string") || body.ids.length > 1000) {
      throw new BackendError("invalid_request", "Body must be { ids: string[] } with at most 1000 ids.");
    }
    return sendJson(res, 200, { jobs: runner.describe(body.ids as string[]) });
  }
  const cancel = /^\/v1\/jobs\/([^/]+)\/cancel$/.exec(url.pathname);
  if (method === "POST" && cancel) {
    const body = (await readJson(req)) as { reason?: unknown };
    await runner.cancel(decodeURIComponent(cancel[1]!), typeof body.reason === "string" ? body.reason : "no reason given");
    res.writeHead(204).end();
    return;
  }
  const logs = /^\/v1\/jobs\/([^/]+)\/logs$/.exec(url.pathname);
  if (method === "GET" && logs) {
    const text = await runner.readLog(decodeURIComponent(logs[1]!), Number(url.searchParams.get("index") ?? "0"));
    if (text === null) return sendJson(res, 404, { error: { code: "not_found", message: "No log for that job and index (yet)." } });
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(text);
    return;
  }
  sendJson(res, 404, { error: { code: "not_found", message: `No route ${method} ${url.pathname}.` } });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BackendError("invalid_request", `Request body over ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch {
    throw new BackendError("invalid_request", "Request body is not valid JSON.");
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof BackendError) {
    const status = err.code === "invalid_request" ? 400 : err.code === "unavailable" ? 503 : 409;
    return sendJson(res, status, { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
  }
  console.error("runner: unhandled error", err);
  sendJson(res, 500, { error: { code: "internal", message: "The runner hit an internal error; see its log." } });
}
