import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SERVICE_VERSION } from "../../shared/version.js";

describe("GET /health", () => {
  it("reports the version and a migrated, reachable D1", async () => {
    const res = await exports.default.fetch("http://edge.test/health");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "ok", version: SERVICE_VERSION, bindings: { DB: "ok" } });
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await exports.default.fetch("http://edge.test/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
