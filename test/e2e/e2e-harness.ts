/**
 * Real processes for the end-to-end tests: D1 migrations, `wrangler dev` (edge + queue consumer)
 * and the local batch runner, each in its own process group so a test can stop — or SIGKILL, like
 * a lost machine — a process together with its children (workerd, job processes).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { seedRegistry } from "../../batch-jobs/registry/bundle-folder.js";
import { openRegistry } from "../../batch-jobs/registry/open-registry.js";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const wrangler = path.join(repo, "node_modules", ".bin", "wrangler");
// The local-only development secrets from wrangler.toml [vars].
export const LOCAL_HMAC = "local-internal-hmac-secret-do-not-use-in-production";
export const LOCAL_ADMIN_KEY = "local-admin-key-do-not-use-in-production";
const offline = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_HIDE_BANNER: "true" };

export interface Started {
  child: ChildProcess;
  log: () => string;
}

const started: ChildProcess[] = [];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function run(command: string, args: string[], env: Record<string, string>): Started {
  const child = spawn(command, args, { cwd: repo, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  started.push(child);
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  return { child, log: () => log };
}

/** Signals the whole process group (the process and everything it spawned). */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export function stopAll(): void {
  for (const child of started) signalGroup(child, "SIGTERM");
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", () => r()));
}

export async function healthy(url: string, timeoutMs: number, p: Started): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null) throw new Error(`process exited early: ${p.log()}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not healthy in time: ${p.log()}`);
}

export async function migrate(persist: string): Promise<number | null> {
  const m = run(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], offline);
  return new Promise<number | null>((r) => m.child.once("exit", r));
}

/** The batch runner (TypeScript entry through tsx), its jobs reporting to `edgeUrl`. */
/** The local runner on `port`, with a model registry under `state` seeded from the committed models/ (as npm start does). */
export async function startRunner(port: number, state: string, edgeUrl: string): Promise<Started> {
  const registryUri = `${pathToFileURL(path.join(state, "registry")).href}/models/`;
  await seedRegistry(openRegistry({ CXR_REGISTRY_URI: registryUri }), path.join(repo, "models"), "e2e");
  const runner = run(process.execPath, ["--import", "tsx", "batch-jobs/runner/main.ts", "--port", String(port), "--state", state, "--concurrency", "2"], {
    CXR_CALLBACK_URL: edgeUrl,
    CXR_CALLBACK_SECRET: LOCAL_HMAC,
    CXR_REGISTRY_URI: registryUri,
  });
  await healthy(`http://127.0.0.1:${port}/health`, 30_000, runner);
  return runner;
}

/** `wrangler dev` on `port`, persisting D1/R2 under `persist`, submitting to the runner at `runnerUrl`. */
export async function startEdge(port: number, persist: string, runnerUrl: string, extraVars: Record<string, string> = {}): Promise<Started> {
  const edgeUrl = `http://127.0.0.1:${port}`;
  const vars = { BATCH_RUNNER_URL: runnerUrl, PUBLIC_ORIGIN: edgeUrl, ...extraVars };
  const edge = run(
    wrangler,
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist, "--log-level", "warn", ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`])],
    offline,
  );
  await healthy(`${edgeUrl}/health`, 90_000, edge);
  return edge;
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
