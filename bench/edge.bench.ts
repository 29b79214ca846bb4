/**
 * Edge benchmark on a local `wrangler dev` (workerd): requests/s and p50/p99 latency for report
 * validation (POST /v1/reports/validate) and for a cached image (GET /images/<key>.png).
 * Starts wrangler dev on a free port with fresh local state, applies the D1 migrations, seeds one
 * image through the real API (partner → generation → signed internal upload), runs autocannon,
 * stops wrangler. Any request error or non-2xx fails the run. Last line: one JSON object.
 *   npm run bench:edge -- [--seconds 10] [--connections 10]
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import sharp from "sharp";
import { INTERNAL_SIGNATURE_HEADER, MANIFEST_HEADER, signRequest, toBase64Url, utf8 } from "../shared/crypto/index.js";

const REPORT = "FINDINGS: PA view of the chest. There is a small left pleural effusion. No pneumothorax. The heart size is normal.\nIMPRESSION: Small left pleural effusion.";
// wrangler.toml's local-only development values (never production secrets).
const ADMIN_KEY = "local-admin-key-do-not-use-in-production";
const HMAC_SECRET = "local-internal-hmac-secret-do-not-use-in-production";
const MODEL_VERSION = "0.1.0";
const QUIET_ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_HIDE_BANNER: "true" };

class BenchError extends Error {}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new BenchError(`--${name} needs a positive number`);
  return value;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new BenchError("no free port"))));
    });
  });
}

async function waitForHealth(base: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new BenchError(`wrangler dev exited early with code ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new BenchError(`wrangler dev did not become healthy within ${timeoutMs / 1000} s`);
}

async function api(base: string, pathname: string, init: RequestInit): Promise<Record<string, unknown>> {
  const res = await fetch(base + pathname, init);
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new BenchError(`${init.method ?? "GET"} ${pathname} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** partner → key → generation → (consumer creates the job) → signed upload of a real PNG. */
async function seedImage(base: string): Promise<string> {
  const admin = { "content-type": "application/json", "x-admin-key": ADMIN_KEY };
  const { partner } = (await api(base, "/admin/v1/partners", { method: "POST", headers: admin, body: JSON.stringify({ name: "bench", credits: 1000 }) })) as { partner: { id: string } };
  const { key } = (await api(base, `/admin/v1/partners/${partner.id}/keys`, { method: "POST", headers: admin, body: "{}" })) as { key: string };
  const generation = (await api(base, "/v1/generations", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ report: REPORT, seed: 1 }) })) as { id: string; contentKey: string };
  const png = new Uint8Array(await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 128, g: 128, b: 128 } } }).grayscale().png().toBuffer());
  const manifestHeader = toBase64Url(utf8(JSON.stringify({ itemIndex: 0, seed: 1, format: "png", modelVersion: MODEL_VERSION })));
  const pathname = `/internal/v1/jobs/job_${generation.id}/items/0`;
  // The queue consumer creates the job row within its batch timeout; retry until it exists.
  for (let attempt = 0; attempt < 60; attempt++) {
    const signature = await signRequest(HMAC_SECRET, { method: "PUT", pathAndQuery: pathname, body: png, manifestHeader }, Math.floor(Date.now() / 1000));
    const res = await fetch(base + pathname, { method: "PUT", headers: { "content-type": "image/png", [MANIFEST_HEADER]: manifestHeader, [INTERNAL_SIGNATURE_HEADER]: signature }, body: png });
    if (res.status === 201 || res.status === 200) return `/images/${generation.contentKey}.png`;
    if (res.status !== 404 && res.status !== 409) throw new BenchError(`upload → ${res.status} ${await res.text()}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new BenchError("the queue consumer never created the job (is the queue consumer running in wrangler dev?)");
}

interface Figures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, options: { seconds: number; connections: number; method?: "GET" | "POST"; body?: string; headers?: Record<string, string> }): Promise<Figures> {
  const result = await autocannon({ url, duration: options.seconds, connections: options.connections, method: options.method ?? "GET", body: options.body, headers: options.headers });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const seconds = argument("seconds", 10);
  const connections = argument("connections", 10);
  const root = path.resolve(import.meta.dirname, "..");
  const state = mkdtempSync(path.join(tmpdir(), "cxr-edge-bench-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  try {
    const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { cwd: root, env: { ...QUIET_ENV, CI: "1" }, encoding: "utf8" });
    if (migrate.status !== 0) throw new BenchError(`migrations failed: ${migrate.stderr || migrate.stdout}`);
    child = spawn("npx", ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--var", "BATCH_BACKEND:none", "--var", `PUBLIC_ORIGIN:${base}`, "--show-interactive-dev-session=false"], { cwd: root, env: QUIET_ENV, stdio: ["ignore", "ignore", "pipe"], detached: true });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    await waitForHealth(base, child, 120_000).catch((err: Error) => {
      throw new BenchError(`${err.message}\n${stderr}`);
    });
    const imagePath = await seedImage(base);
    const validateBody = JSON.stringify({ report: REPORT });
    const jsonHeaders = { "content-type": "application/json" };
    // Warm-up: JIT, D1/R2 handles, and the Cache API entry for the image.
    await load(`${base}/v1/reports/validate`, { seconds: 2, connections, method: "POST", body: validateBody, headers: jsonHeaders });
    await load(base + imagePath, { seconds: 2, connections });
    const validate = await load(`${base}/v1/reports/validate`, { seconds, connections, method: "POST", body: validateBody, headers: jsonHeaders });
    const image = await load(base + imagePath, { seconds, connections });
    const hit = await fetch(base + imagePath);
    const cacheStatus = hit.headers.get("x-cache");
    for (const [name, f] of [["validate", validate], ["cachedImage", image]] as const) {
      console.log(`${name.padEnd(12)} ${String(f.requestsPerSecond).padStart(6)} req/s  p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  (${f.requests} requests, ${f.errors} errors, ${f.non2xx} non-2xx)`);
      if (f.errors > 0 || f.non2xx > 0) throw new BenchError(`${name}: ${f.errors} errors and ${f.non2xx} non-2xx responses`);
    }
    console.log(JSON.stringify({ bench: "edge", seconds, connections, cacheStatus, validate, cachedImage: image }));
  } finally {
    if (child?.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    rmSync(state, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof BenchError ? `bench:edge failed: ${err.message}` : err);
  process.exitCode = 1;
});
