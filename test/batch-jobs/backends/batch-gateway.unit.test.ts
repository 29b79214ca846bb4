/**
 * The AWS Batch gateway Lambda: the edge's fetch client (LocalBatchBackend with a signing secret)
 * talking to the handler, AWS Batch mocked with aws-sdk-client-mock; and the secret read through
 * the Parameters and Secrets extension's local HTTP API.
 */
import { BatchClient, ListJobsCommand, SubmitJobCommand } from "@aws-sdk/client-batch";
import { mockClient } from "aws-sdk-client-mock";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeEach, describe, expect, it } from "vitest";
import { AwsBatchTarget } from "../../../batch-jobs/gateway/aws-batch-target.js";
import { handleGatewayEvent, secretFromExtension, type FunctionUrlEvent } from "../../../batch-jobs/gateway/lambda-handler.js";
import type { SubmitRequest } from "../../../shared/jobs/backend.js";
import type { FetchLike } from "../../../shared/jobs/fetch-like.js";
import { LocalBatchBackend } from "../../../shared/jobs/local-backend-client.js";

const batch = mockClient(BatchClient);
const SECRET = "gateway-secret";
const defs = { phantom: "cxr-phantom", generate: "cxr-generate", finetune: "cxr-finetune", train: "cxr-train", evaluate: "cxr-evaluate" };
const deps = { target: new AwsBatchTarget(new BatchClient({ region: "eu-west-1" }), "arn:queue", defs), secret: async () => SECRET };

/** fetch → Function URL event → handler → Response, as the Lambda service would do. */
const viaLambda: FetchLike = async (url, init) => {
  const u = new URL(url);
  const event: FunctionUrlEvent = {
    rawPath: u.pathname,
    rawQueryString: u.search.slice(1),
    headers: init.headers,
    ...(init.body !== undefined ? { body: typeof init.body === "string" ? init.body : Buffer.from(init.body).toString("base64"), isBase64Encoded: typeof init.body !== "string" } : {}),
    requestContext: { http: { method: init.method } },
  };
  const result = await handleGatewayEvent(event, deps);
  return { status: result.statusCode, ok: result.statusCode < 300, text: async () => result.body };
};

const request: SubmitRequest = {
  kind: "phantom", jobName: "ds-7", idempotencyToken: "ds-7", arraySize: 2,
  spec: { specVersion: 1, kind: "phantom", jobId: "ds-7", outputUri: "s3://cxr-data/datasets/ds-7/", count: 4, seed: 1 },
};

beforeEach(() => {
  batch.reset();
  batch.on(ListJobsCommand).resolves({ jobSummaryList: [] });
  batch.on(SubmitJobCommand).resolves({ jobId: "aws-job-1" });
});

describe("batch gateway", () => {
  it("accepts signed requests from the edge's client and submits to AWS Batch", async () => {
    const client = new LocalBatchBackend({ baseUrl: "https://gw.example", fetch: viaLambda, signingSecret: SECRET });
    expect(await client.submit(request)).toEqual({ backendJobId: "aws-job-1", deduplicated: false });
    expect(batch.commandCalls(SubmitJobCommand)[0]!.args[0].input).toMatchObject({ jobQueue: "arn:queue", jobDefinition: "cxr-phantom", arrayProperties: { size: 2 } });
  });

  it("rejects unsigned or wrongly signed calls with 401 before touching AWS", async () => {
    for (const signingSecret of [undefined, "wrong"]) {
      const client = new LocalBatchBackend({ baseUrl: "https://gw.example", fetch: viaLambda, ...(signingSecret ? { signingSecret } : {}) });
      const err = await client.submit(request).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "rejected", message: expect.stringMatching(/x-cxr-signature/) });
    }
    expect(batch.calls()).toHaveLength(0);
  });

  it("answers 503 unavailable (retryable) when the secret cannot be read", async () => {
    const broken = { ...deps, secret: async (): Promise<string> => { throw new Error("extension not ready"); } };
    const result = await handleGatewayEvent({ rawPath: "/v1/jobs/describe", body: '{"ids":[]}', requestContext: { http: { method: "POST" } } }, broken);
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body).error.code).toBe("unavailable");
  });

  it("serves /health without a signature", async () => {
    const res = await viaLambda("https://gw.example/health", { method: "GET", headers: {} });
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toEqual({ ok: true, backend: "aws-batch", jobQueue: "arn:queue" });
  });

  it("reads the HMAC secret through the Parameters and Secrets extension with the session token", async () => {
    let seen: { url?: string; token?: string } = {};
    const server = createServer((req, res) => {
      seen = { url: req.url!, token: req.headers["x-aws-parameters-secrets-token"] as string };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ SecretString: "from-extension" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = String((server.address() as AddressInfo).port);
    try {
      const value = await secretFromExtension("arn:aws:secretsmanager:eu-west-1:1:secret:cxr/hmac", { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: port, AWS_SESSION_TOKEN: "tok" });
      expect(value).toBe("from-extension");
      expect(seen).toEqual({ url: "/secretsmanager/get?secretId=arn%3Aaws%3Asecretsmanager%3Aeu-west-1%3A1%3Asecret%3Acxr%2Fhmac", token: "tok" });
    } finally {
      server.close();
    }
  });
});
