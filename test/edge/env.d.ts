// Test-only bindings added by vitest.config.ts, and the Worker's module for typed `exports`.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
  interface GlobalProps {
    mainModule: typeof import("../../edge/src/index.js");
  }
}
