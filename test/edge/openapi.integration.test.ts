import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "./helpers/api.js";

describe("API description", () => {
  it("serves an OpenAPI 3.1 document with request schemas from the zod validators", async () => {
    const res = await call("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const path of ["/v1/generations", "/v1/generations/{id}", "/images/{file}", "/v1/datasets", "/v1/datasets/{id}/manifest", "/v1/usage", "/admin/v1/partners", "/internal/v1/jobs/{jobId}/items/{itemIndex}", "/v1/partner", "/internal/v1/models/{name}/production", "/internal/v1/training/reports.jsonl"]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const schema = doc.paths["/v1/generations"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["report", "seed", "steps", "guidance", "size", "format"]));
  });

  it("serves a human-readable docs page", async () => {
    const res = await call("/docs");
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("/v1/datasets/{id}/manifest");
  });
});

describe("D1 migrations", () => {
  it("create every table the edge uses", async () => {
    const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{ name: string }>();
    const names = results.map((r) => r.name);
    for (const table of ["partners", "api_keys", "usage_ledger", "credit_grants", "idempotency_keys", "images", "generations", "datasets", "dataset_reports", "job_items", "jobs", "job_events", "seen_signatures", "webhook_deliveries", "dead_letters", "production_versions"]) {
      expect(names, table).toContain(table);
    }
  });
});
