/**
 * Tiny supervisor for the local platform: starts child services, waits until each answers its
 * health URL, prefixes their output, and stops them all together.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { stopWithGrace } from "../../batch-jobs/runner/stop-with-grace.js";

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** URL that answers 2xx once the service is ready. */
  healthUrl: string;
}

export interface RunningService {
  spec: ServiceSpec;
  child: ChildProcess;
}

function prefixLines(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream): void {
  let pending = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
}

export function startService(spec: ServiceSpec): RunningService {
  const child = spawn(spec.command, spec.args, {
    env: { ...process.env, ...spec.env },
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group, so stopping it also stops the grandchildren (workerd under wrangler).
    detached: true,
  });
  prefixLines(spec.name, child.stdout, process.stdout);
  prefixLines(spec.name, child.stderr, process.stderr);
  return { spec, child };
}

export async function waitForHealth(service: RunningService, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(`${service.spec.name} exited with code ${service.child.exitCode} before it became healthy`);
    }
    try {
      const res = await fetch(service.spec.healthUrl, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${service.spec.name} did not answer ${service.spec.healthUrl} within ${timeoutMs / 1000} s`);
}

export async function stopAll(services: RunningService[], graceMs = 5000): Promise<void> {
  await Promise.all(services.map(({ child }) => stopWithGrace(child, { graceMs, group: true })));
}

/** Runs a command to completion, inheriting the terminal; rejects on a non-zero exit. */
export function runToCompletion(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with code ${code}`)),
    );
  });
}
