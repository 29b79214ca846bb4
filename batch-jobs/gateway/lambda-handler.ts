/**
 * The AWS Batch gateway: a Lambda function URL speaking the runner protocol
 * (batch-jobs/runner/runner-api.ts), so the edge's queue consumer reaches AWS Batch with the same
 * fetch-based client it uses for the local runner — a Worker cannot run the Node AWS SDK, this
 * Lambda can. Every call except /health must be signed with the internal HMAC secret, which the
 * Lambda reads through the AWS Parameters and Secrets extension (localhost:2773, cached), so no
 * secret sits in the function's environment.
 *
 * Environment (set by infra/constructs/batch-gateway.ts):
 *   BATCH_JOB_QUEUE        job queue ARN
 *   BATCH_JOB_DEFINITIONS  JSON { kind: job definition name }
 *   HMAC_SECRET_ID         Secrets Manager id of the internal HMAC secret
 */
import { BatchClient } from "@aws-sdk/client-batch";
import { JOB_KINDS, type JobKind } from "../../shared/jobs/kinds.js";
import { handleRunnerRequest } from "../runner/runner-api.js";
import { AwsBatchTarget } from "./aws-batch-target.js";

/** Function URL event, payload format 2.0 (only the fields we read). */
export interface FunctionUrlEvent {
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { http: { method: string } };
}

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface GatewayDeps {
  target: AwsBatchTarget;
  secret: () => Promise<string>;
}

export async function handleGatewayEvent(event: FunctionUrlEvent, deps: GatewayDeps): Promise<FunctionUrlResult> {
  const body = event.body === undefined ? new Uint8Array() : event.isBase64Encoded ? new Uint8Array(Buffer.from(event.body, "base64")) : new TextEncoder().encode(event.body);
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const response = await handleRunnerRequest(
    deps.target,
    {
      method: event.requestContext.http.method,
      pathAndQuery: event.rawPath + (event.rawQueryString ? `?${event.rawQueryString}` : ""),
      body,
      header: (name) => headers[name],
    },
    { secret: deps.secret },
  );
  return { statusCode: response.status, headers: response.contentType ? { "content-type": response.contentType } : {}, body: response.body };
}

/** Reads a secret through the Parameters and Secrets Lambda extension (cached by the extension). */
export async function secretFromExtension(secretId: string, env: Record<string, string | undefined> = process.env): Promise<string> {
  const port = env["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] ?? "2773";
  const res = await fetch(`http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`, {
    headers: { "X-Aws-Parameters-Secrets-Token": env["AWS_SESSION_TOKEN"] ?? "" },
  });
  if (!res.ok) throw new Error(`Secrets extension answered ${res.status} for ${secretId}`);
  const value = ((await res.json()) as { SecretString?: string }).SecretString;
  if (!value) throw new Error(`Secret ${secretId} has no SecretString`);
  return value;
}

export function depsFromEnv(env: Record<string, string | undefined> = process.env): GatewayDeps {
  const queue = env["BATCH_JOB_QUEUE"];
  const definitionsJson = env["BATCH_JOB_DEFINITIONS"];
  const secretId = env["HMAC_SECRET_ID"];
  if (!queue || !definitionsJson || !secretId) throw new Error("BATCH_JOB_QUEUE, BATCH_JOB_DEFINITIONS and HMAC_SECRET_ID must be set");
  const definitions = JSON.parse(definitionsJson) as Record<JobKind, string>;
  const missing = JOB_KINDS.filter((k) => typeof definitions[k] !== "string");
  if (missing.length) throw new Error(`BATCH_JOB_DEFINITIONS lacks ${missing.join(", ")}`);
  const client = new BatchClient({ maxAttempts: 5, retryMode: "standard" });
  return { target: new AwsBatchTarget(client, queue, definitions, { project: "cxr-synth" }), secret: () => secretFromExtension(secretId, env) };
}

let deps: GatewayDeps | undefined;

/** Lambda entry point (infra bundles this file with esbuild). */
export async function handler(event: FunctionUrlEvent): Promise<FunctionUrlResult> {
  deps ??= depsFromEnv();
  return handleGatewayEvent(event, deps);
}
