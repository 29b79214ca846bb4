/**
 * A tiny HTTP proxy in front of the edge for the download tests: manifests are rewritten so the
 * signed file URLs point at the proxy, and file responses can be passed through, altered (one
 * byte flipped: a tampered transfer) or stalled halfway (a dropped connection). Records the
 * Range header of every file request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FileMode = "pass" | "tamper" | "stall";

export interface FileProxy {
  url: string;
  mode: FileMode;
  ranges: Array<string | null>;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFileProxy(edgeUrl: string): Promise<FileProxy> {
  const stalled = new Set<ServerResponse>();
  const proxy: FileProxy = { url: "", mode: "pass", ranges: [], close: async () => undefined };
  const server = createServer(async (req, res) => {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !["host", "connection", "content-length"].includes(name))) as Record<string, string>;
    const payload = req.method === "GET" || req.method === "HEAD" ? undefined : await body(req);
    const upstream = await fetch(edgeUrl + req.url, { method: req.method!, headers, ...(payload ? { body: payload } : {}) });
    let bytes = Buffer.from(await upstream.arrayBuffer());
    const out: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!["content-length", "transfer-encoding", "content-encoding", "connection"].includes(name)) out[name] = value;
    });
    if (req.url!.includes("/manifest")) bytes = Buffer.from(bytes.toString("utf8").replaceAll(edgeUrl, proxy.url));
    if (req.url!.startsWith("/v1/files/")) {
      proxy.ranges.push(req.headers.range ?? null);
      if (proxy.mode === "tamper" && bytes.length > 40) bytes[40] = bytes[40]! ^ 0xff;
      if (proxy.mode === "stall") {
        res.writeHead(upstream.status, { ...out, "content-length": String(bytes.length) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
        stalled.add(res);
        return; // never ends: the client sees a transfer that stopped halfway
      }
    }
    res.writeHead(upstream.status, { ...out, "content-length": String(bytes.length) });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => {
    for (const res of stalled) res.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
