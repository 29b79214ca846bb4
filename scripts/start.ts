/**
 * `npm start`: the whole platform on this machine, offline, on its embedded defaults.
 * Applies the local D1 migrations, starts the local batch runner (the stand-in for AWS Batch)
 * and the edge under `wrangler dev`, waits until both are healthy, prints where to go, and stops
 * everything on Ctrl-C.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runToCompletion, startService, stopAll, waitForHealth, type RunningService } from "./lib/services.js";
import { seedRegistry } from "../batch-jobs/registry/bundle-folder.js";
import { openRegistry } from "../batch-jobs/registry/open-registry.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = path.join(root, "node_modules", ".bin", "wrangler");
const edgePort = Number(process.env.PORT ?? 8787);
const runnerPort = Number(process.env.RUNNER_PORT ?? 8790);

/** A value from wrangler.toml's top-level [vars] (the local-only development values). */
function localVar(name: string): string {
  const toml = readFileSync(path.join(root, "wrangler.toml"), "utf8");
  const match = new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m").exec(toml);
  if (!match) throw new Error(`wrangler.toml has no ${name} in [vars]`);
  return match[1]!;
}

// Keeps wrangler fully offline: no telemetry, no request.cf lookups, no update banner.
const offline = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
  CI: process.env.CI ?? "",
};

async function main(): Promise<void> {
  if (!Number.isInteger(edgePort) || edgePort < 1 || edgePort > 65535) {
    throw new Error(`PORT must be a TCP port number, got "${process.env.PORT}"`);
  }
  if (!Number.isInteger(runnerPort) || runnerPort < 1 || runnerPort > 65535 || runnerPort === edgePort) {
    throw new Error(`RUNNER_PORT must be a TCP port number other than PORT, got "${process.env.RUNNER_PORT}"`);
  }
  process.chdir(root);
  console.log("Applying local D1 migrations…");
  await runToCompletion(wrangler, ["d1", "migrations", "apply", "DB", "--local"], offline);

  // The committed default bundles (models/) go into the local registry the jobs read.
  const registryUri = `${pathToFileURL(path.join(root, ".local", "registry")).href}/models/`;
  const seeded = await seedRegistry(openRegistry({ CXR_REGISTRY_URI: registryUri }), path.join(root, "models"), "npm-start");
  if (seeded.published.length) console.log(`Local model registry: added ${seeded.published.join(", ")}${seeded.promoted.length ? `; production = ${seeded.promoted.join(", ")}` : ""}.`);

  const services: RunningService[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping the local platform…");
    await stopAll(services);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  const edgeUrl = `http://127.0.0.1:${edgePort}`;
  const runnerUrl = `http://127.0.0.1:${runnerPort}`;
  // The local batch runner runs the job entrypoints as child processes; jobs report back to the
  // edge's internal API, signed with the same local-only secret the edge checks.
  const runner = startService({
    name: "runner",
    command: process.execPath,
    args: ["--import", "tsx", "batch-jobs/runner/main.ts", "--port", String(runnerPort), "--state", ".local/batch-runner", "--concurrency", "2"],
    env: {
      CXR_CALLBACK_URL: edgeUrl,
      CXR_CALLBACK_SECRET: localVar("INTERNAL_HMAC_SECRET"),
      CXR_REGISTRY_URI: registryUri,
    },
    healthUrl: `${runnerUrl}/health`,
  });
  services.push(runner);
  const edge = startService({
    name: "edge",
    command: wrangler,
    args: ["dev", "--ip", "127.0.0.1", "--port", String(edgePort), "--log-level", "warn", "--var", `BATCH_RUNNER_URL:${runnerUrl}`],
    env: offline,
    healthUrl: `${edgeUrl}/health`,
  });
  services.push(edge);
  for (const service of [runner, edge]) {
    service.child.on("exit", (code) => {
      if (!stopping) {
        console.error(`${service.spec.name} exited unexpectedly (code ${code}).`);
        void shutdown(1);
      }
    });
  }

  try {
    await waitForHealth(runner, 60_000);
    await waitForHealth(edge, 120_000);
  } catch (err) {
    console.error((err as Error).message);
    return shutdown(1);
  }

  console.log(`
  CXR synthesis platform is running locally.

    Edge API      ${edgeUrl}
    Health        ${edgeUrl}/health
    Batch runner  ${runnerUrl}/health   (jobs, specs and logs in .local/batch-runner/)

  Try:
    curl -s ${edgeUrl}/v1/reports/validate -H 'content-type: application/json' \\
      -d '{"report":"FINDINGS: Small left pleural effusion. No pneumothorax. IMPRESSION: Small left effusion."}'
    curl -s ${edgeUrl}/v1/generations -H 'content-type: application/json' \\
      -d '{"report":"FINDINGS: Large left pleural effusion.","seed":7}'   # then GET the returned URL

  Press Ctrl-C to stop.
`);
}

main().catch((err: unknown) => {
  console.error(`npm start failed: ${(err as Error).message}`);
  process.exit(1);
});
