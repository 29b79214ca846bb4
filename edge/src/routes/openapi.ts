/** GET /openapi.json (OpenAPI 3.1) and GET /docs (a self-contained HTML reference built from it). */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { openApiDocument } from "../openapi/document.js";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function docsPage(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, { summary: string; tags: string[] }>>;
  const rows = Object.entries(paths)
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `<tr><td>${op.tags[0]}</td><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(op.summary)}</td></tr>`))
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CXR synthesis API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}code{font-size:90%}</style></head>
<body><h1>CXR synthesis API</h1><p>Machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Partners authenticate with <code>Authorization: Bearer cxr_…</code>; errors are <code>{"error":{"code","message","details"}}</code>.</p>
<table><thead><tr><th>Area</th><th>Method</th><th>Path</th><th>What it does</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}

export const openApiRoutes = new Hono<AppEnv>()
  .get("/openapi.json", (c) => c.json(openApiDocument(new URL(c.req.url).origin)))
  .get("/docs", (c) => c.html(docsPage(openApiDocument(new URL(c.req.url).origin))));
