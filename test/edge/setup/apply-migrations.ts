// Applies the D1 migrations before each test file; applyD1Migrations is idempotent.
import { applyD1Migrations, env } from "cloudflare:test";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
