import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { buildPage } from "./scripts/build-page.js";

// Two projects: edge tests run inside workerd with the Worker's real bindings;
// everything else (shared, batch-jobs, infra, tooling) runs under Node.
export default defineConfig(async () => {
  // wrangler.toml's static-assets directory (the demo page) must exist before workerd reads the config.
  await buildPage();
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "edge/migrations"));
  return {
    test: {
      projects: [
        {
          test: {
            name: "node",
            include: ["test/**/*.test.ts"],
            exclude: ["test/edge/**", "**/node_modules/**"],
            environment: "node",
            testTimeout: 120_000,
          },
        },
        {
          plugins: [
            cloudflareTest({
              main: "./edge/src/index.ts",
              wrangler: { configPath: "./wrangler.toml" },
              // BATCH_BACKEND "none": tests inject their own backend; the background consumer never calls out.
              miniflare: { bindings: { TEST_MIGRATIONS: migrations, BATCH_BACKEND: "none" } },
            }),
          ],
          test: {
            name: "edge",
            include: ["test/edge/**/*.test.ts"],
            setupFiles: ["./test/edge/setup/apply-migrations.ts"],
            // Whole-flow tests take ~4 s alone; vitest's 5 s default flakes on a loaded 2-core machine.
            testTimeout: 30_000,
          },
        },
      ],
    },
  };
});
