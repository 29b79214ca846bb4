/**
 * node:http transport of the runner protocol (runner-api.ts), bound to 127.0.0.1 by default.
 * Without a secret it trusts every local caller (the local runner on loopback); with one it
 * requires signed requests.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handleRunnerRequest, MAX_BODY_BYTES, type RunnerApiTarget } from "./runner-api.js";

export interface RunnerServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startRunnerServer(target: RunnerApiTarget, options: { port: number; host?: string; secret?: string }): Promise<RunnerServer> {
  const server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      const response = body === null
        ? { status: 400, contentType: "application/json", body: JSON.stringify({ error: { code: "invalid_request", message: `Request body over ${MAX_BODY_BYTES} bytes.` } }) }
        : await handleRunnerRequest(target, {
            method: req.method ?? "GET",
            pathAndQuery: req.url ?? "/",
            body,
            header: (name) => {
              const v = req.headers[name];
              return Array.isArray(v) ? v[0] : v;
            },
          }, options.secret !== undefined ? { secret: options.secret } : {});
      res.writeHead(response.status, response.contentType ? { "content-type": response.contentType } : {}).end(response.body);
    });
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

/** The body, or null when it exceeds the limit (the rest is drained, not buffered). */
async function readBody(req: IncomingMessage): Promise<Uint8Array | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? null : new Uint8Array(Buffer.concat(chunks));
}
