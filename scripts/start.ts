/**
 * `npm start`: the whole platform on this machine, offline, on its embedded defaults.
 * Applies the local D1 migrations, starts the edge under `wrangler dev`, waits until it is
 * healthy, prints where to go, and stops everything on Ctrl-C.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runToCompletion, startService, stopAll, waitForHealth, type RunningService } from "./lib/services.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = path.join(root, "node_modules", ".bin", "wrangler");
const edgePort = Number(process.env.PORT ?? 8787);

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
  process.chdir(root);
  console.log("Applying local D1 migrations…");
  await runToCompletion(wrangler, ["d1", "migrations", "apply", "DB", "--local"], offline);

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
  const edge = startService({
    name: "edge",
    command: wrangler,
    args: ["dev", "--ip", "127.0.0.1", "--port", String(edgePort), "--log-level", "warn"],
    env: offline,
    healthUrl: `${edgeUrl}/health`,
  });
  services.push(edge);
  edge.child.on("exit", (code) => {
    if (!stopping) {
      console.error(`edge exited unexpectedly (code ${code}).`);
      void shutdown(1);
    }
  });

  try {
    await waitForHealth(edge, 120_000);
  } catch (err) {
    console.error((err as Error).message);
    return shutdown(1);
  }

  console.log(`
  CXR synthesis platform is running locally.

    Edge API   ${edgeUrl}
    Health     ${edgeUrl}/health

  Try:
    curl -s ${edgeUrl}/v1/reports/validate -H 'content-type: application/json' \\
      -d '{"report":"FINDINGS: Small left pleural effusion. No pneumothorax. IMPRESSION: Small left effusion."}'

  Press Ctrl-C to stop.
`);
}

main().catch((err: unknown) => {
  console.error(`npm start failed: ${(err as Error).message}`);
  process.exit(1);
});
