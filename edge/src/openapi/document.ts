/**
 * The OpenAPI 3.1 document, built from the same zod schemas the routes validate with
 * (z.toJSONSchema emits JSON Schema 2020-12, the dialect OpenAPI 3.1 uses), so it cannot drift
 * from what the API accepts.
 */
import { z } from "zod";
import { datasetRequestSchema, generationRequestSchema, partnerSettingsSchema, productionAnnouncementSchema } from "../../../shared/api/index.js";
import { SERVICE_VERSION } from "../../../shared/version.js";

type Security = "apiKey" | "optionalApiKey" | "admin" | "internal" | "signedUrl" | "stripe" | "none";

interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  security: Security;
  body?: z.ZodType;
  /** status → description */
  responses: Record<number, string>;
  tag: string;
}

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

const OPERATIONS: Operation[] = [
  { method: "get", path: "/health", summary: "Version and binding health", security: "none", tag: "service", responses: { 200: "Healthy", 503: "A binding is down" } },
  { method: "post", path: "/v1/reports/validate", summary: "Parse and validate a report (PHI rejected)", security: "none", tag: "reports", responses: { 200: "Parsed report", 422: "Invalid report" } },
  { method: "post", path: "/v1/generations", summary: "Generate one image from a report; 200 from cache, else 202 queued", security: "optionalApiKey", tag: "generations", body: generationRequestSchema, responses: { 200: "Served from the content-addressed cache", 202: "Queued", 402: "Credits or demo allowance exhausted", 422: "Invalid report", 429: "Rate limited or quota exceeded" } },
  { method: "get", path: "/v1/generations/{id}", summary: "Status, findings, image URLs and quality scores", security: "optionalApiKey", tag: "generations", responses: { 200: "The generation", 404: "Not found (or not yours)" } },
  { method: "get", path: "/v1/generations", summary: "Your generations, newest first", security: "apiKey", tag: "generations", responses: { 200: "A page of generations" } },
  { method: "get", path: "/images/{file}", summary: "Image bytes by content key (<sha256>.png | .dcm); ETag, Range, immutable caching", security: "none", tag: "images", responses: { 200: "Bytes", 206: "Partial content", 304: "Not modified", 404: "Not stored" } },
  { method: "post", path: "/v1/datasets", summary: "Order a dataset from reports, a label distribution or simulated (phantom) films", security: "apiKey", tag: "datasets", body: datasetRequestSchema, responses: { 202: "Accepted, with cost estimate", 402: "Insufficient credits", 422: "Invalid reports (indices listed)" } },
  { method: "get", path: "/v1/datasets", summary: "Your datasets", security: "apiKey", tag: "datasets", responses: { 200: "Datasets" } },
  { method: "get", path: "/v1/datasets/{id}", summary: "Progress (done / total, failures, ETA)", security: "apiKey", tag: "datasets", responses: { 200: "The dataset", 404: "Not found (or not yours)" } },
  { method: "delete", path: "/v1/datasets/{id}", summary: "Cancel; unused credits are refunded", security: "apiKey", tag: "datasets", responses: { 200: "Cancelled", 409: "Already finished" } },
  { method: "get", path: "/v1/datasets/{id}/manifest", summary: "Manifest as JSONL with short-lived signed file URLs", security: "apiKey", tag: "datasets", responses: { 200: "application/x-ndjson stream" } },
  { method: "get", path: "/v1/files/{datasetId}/{file}", summary: "Dataset file through a signed URL", security: "signedUrl", tag: "datasets", responses: { 200: "Bytes", 403: "Expired or invalid signature" } },
  { method: "get", path: "/v1/usage", summary: "Balance, quota and usage for a period", security: "apiKey", tag: "billing", responses: { 200: "Usage" } },
  { method: "get", path: "/v1/partner", summary: "Your account settings (training opt-in); key scope usage", security: "apiKey", tag: "account", responses: { 200: "The partner" } },
  { method: "patch", path: "/v1/partner", summary: "Opt in to (or out of) your reports being used as fine-tune prompts; key scope billing", security: "apiKey", tag: "account", body: partnerSettingsSchema, responses: { 200: "Updated" } },
  { method: "post", path: "/v1/billing/checkout", summary: "Buy credits with Stripe Checkout", security: "optionalApiKey", tag: "billing", responses: { 201: "Checkout session", 403: "payments_disabled" } },
  { method: "get", path: "/v1/demo/allowance", summary: "The public demo's free images left today for this visitor, and whether paid credits are enabled", security: "none", tag: "billing", responses: { 200: "Allowance" } },
  { method: "post", path: "/v1/billing/stripe-webhook", summary: "Stripe webhook (signature verified)", security: "stripe", tag: "billing", responses: { 200: "Received", 400: "Bad signature" } },
  { method: "post", path: "/admin/v1/partners", summary: "Create a partner", security: "admin", tag: "admin", responses: { 201: "Created, webhook secret shown once" } },
  { method: "get", path: "/admin/v1/partners", summary: "List partners", security: "admin", tag: "admin", responses: { 200: "Partners" } },
  { method: "patch", path: "/admin/v1/partners/{id}", summary: "Set the monthly image quota", security: "admin", tag: "admin", responses: { 200: "Updated" } },
  { method: "post", path: "/admin/v1/partners/{id}/keys", summary: "Issue an API key (shown once)", security: "admin", tag: "admin", responses: { 201: "Created" } },
  { method: "get", path: "/admin/v1/partners/{id}/keys", summary: "List keys (prefix, scopes, last use, revocation)", security: "admin", tag: "admin", responses: { 200: "Keys" } },
  { method: "post", path: "/admin/v1/partners/{id}/keys/{keyId}/revoke", summary: "Revoke a key", security: "admin", tag: "admin", responses: { 200: "Revoked" } },
  { method: "post", path: "/admin/v1/partners/{id}/credits", summary: "Grant credits (idempotent by reference)", security: "admin", tag: "admin", responses: { 200: "Granted" } },
  { method: "get", path: "/admin/v1/dead-letters", summary: "Dead-lettered queue messages with reasons", security: "admin", tag: "admin", responses: { 200: "Dead letters" } },
  { method: "post", path: "/internal/v1/jobs/{jobId}/events", summary: "Job status / progress / result event (batch side only)", security: "internal", tag: "internal", responses: { 200: "Applied or duplicate", 401: "Bad signature", 409: "Replay" } },
  { method: "put", path: "/internal/v1/jobs/{jobId}/items/{itemIndex}", summary: "Upload one image with its manifest line (batch side only)", security: "internal", tag: "internal", responses: { 201: "Stored", 200: "Duplicate", 422: "Rejected" } },
  { method: "get", path: "/internal/v1/models/{name}/production", summary: "The exact model version new generations use (batch side only)", security: "internal", tag: "internal", responses: { 200: "Announced or deployed version", 404: "model_not_served" } },
  { method: "put", path: "/internal/v1/models/{name}/production", summary: "Announce the production version after a registry promotion or rollback: compare-and-swap on previous (batch side only)", security: "internal", tag: "internal", body: productionAnnouncementSchema, responses: { 200: "Served from now on (changed: false if it already was)", 404: "model_not_served", 409: "production_version_conflict, or a replayed signature" } },
  { method: "get", path: "/internal/v1/training/reports.jsonl", summary: "Canonical reports of partners who opted in to training, JSONL {text}, most recent first; ?limit=1-10000 (batch side only)", security: "internal", tag: "internal", responses: { 200: "application/x-ndjson", 400: "invalid_limit" } },
];

const SECURITY: Record<Security, Array<Record<string, string[]>>> = {
  apiKey: [{ bearer: [] }],
  optionalApiKey: [{ bearer: [] }, {}],
  admin: [{ adminKey: [] }],
  internal: [{ internalSignature: [] }],
  signedUrl: [{}],
  stripe: [{}],
  none: [{}],
};

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, details: {} } } },
};

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(op.responses)) {
      responses[status] = Number(status) >= 400 ? { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } } : { description };
    }
    responses["400"] ??= { description: "Bad input", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      security: SECURITY[op.security],
      ...(params.length ? { parameters: params } : {}),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "CXR synthesis edge API", version: SERVICE_VERSION, description: "Synthetic chest X-rays from radiology reports. Errors are JSON {error:{code,message,details}} with stable codes." },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Partner API key cxr_<prefix>_<secret>" },
        adminKey: { type: "apiKey", in: "header", name: "X-Admin-Key" },
        internalSignature: { type: "apiKey", in: "header", name: "X-CXR-Signature", description: "t=<unix>,v1=<HMAC-SHA256> over method, path, body and manifest hashes" },
      },
    },
  };
}
