/**
 * The local batch runner as a standalone service:
 *   tsx batch-jobs/runner/main.ts --port 8790 --state .local/runner [--concurrency 2]
 *       [--entry "node dist/batch-jobs/main.js"]
 * Without --entry it runs the TypeScript entrypoint through tsx (no build needed). The jobs
 * inherit this process's environment (CXR_CALLBACK_URL, CXR_CALLBACK_SECRET, CXR_REGISTRY_URI…).
 * SIGINT/SIGTERM: running attempts are stopped and handed back, to resume on the next start.
 * CXR_RUNNER_SECRET (optional; required with a non-loopback --host): callers must sign requests.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startRunnerServer } from "./http-server.js";
import { LocalRunner } from "./local-runner.js";
import { StateFileError } from "./state-file.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function defaultEntry(): string[] {
  const tsxLoader = path.join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs");
  const tsEntry = path.join(repoRoot, "batch-jobs", "main.ts");
  if (existsSync(tsEntry) && existsSync(tsxLoader)) return [process.execPath, "--import", "tsx", tsEntry];
  // Running from dist/ (built image): the compiled entrypoint sits next to this file's folder.
  return [process.execPath, path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "main.js")];
}

function usage(message: string): never {
  process.stderr.write(`runner: ${message}\nusage: tsx batch-jobs/runner/main.ts --port <n> --state <dir> [--concurrency <n>] [--entry "<command>"]\n`);
  process.exit(64);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        state: { type: "string" },
        concurrency: { type: "string", default: "2" },
        entry: { type: "string" },
        host: { type: "string", default: "127.0.0.1" },
      },
    }));
  } catch (err) {
    usage((err as Error).message);
  }
  const port = Number(values.port);
  if (!values.port || !Number.isInteger(port) || port < 0 || port > 65535) usage("--port must be an integer 0-65535");
  if (!values.state) usage("--state <dir> is required (the runner keeps jobs, specs and logs there)");
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) usage("--concurrency must be a positive integer");
  // A runner reachable from other machines must authenticate its callers.
  const secret = process.env["CXR_RUNNER_SECRET"] || undefined;
  if (!["127.0.0.1", "localhost", "::1"].includes(values.host ?? "") && secret === undefined) {
    usage(`--host ${values.host} exposes the runner beyond this machine; set CXR_RUNNER_SECRET so callers must sign requests`);
  }
  const entryCommand = values.entry ? values.entry.split(" ").filter(Boolean) : defaultEntry();

  const runner = new LocalRunner({ stateDir: path.resolve(values.state), entryCommand, concurrency });
  try {
    await runner.start();
  } catch (err) {
    if (err instanceof StateFileError) usage(err.message);
    throw err;
  }
  const server = await startRunnerServer(runner, { port, host: values.host, ...(secret !== undefined ? { secret } : {}) }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "EADDRINUSE") usage(`port ${port} is already in use; pick another with --port`);
    throw err;
  });
  process.stdout.write(`${JSON.stringify({ event: "runner_listening", url: `http://${values.host}:${server.port}`, state: path.resolve(values.state), concurrency })}\n`);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close();
    await runner.shutdown();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

main().catch((err: unknown) => {
  process.stderr.write(`runner: fatal: ${(err as Error).message}\n`);
  process.exit(1);
});
