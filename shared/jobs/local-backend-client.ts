/**
 * BatchBackend over the runner protocol (batch-jobs/runner/runner-api.ts). fetch only, no Node
 * or Workers imports, so the edge (workerd) can use it directly. Two servers speak it:
 * - the local runner:  new LocalBatchBackend({ baseUrl: "http://127.0.0.1:8790", fetch })
 * - the AWS Batch gateway (infra/, a Lambda function URL in front of AwsBatchBackend), which
 *   requires signed requests: new LocalBatchBackend({ baseUrl: <gateway URL>, fetch, signingSecret })
 */
import { BackendError, type BackendErrorCode, type BackendJobStatus, type BatchBackend, type SubmitRequest, type SubmitResult } from "./backend.js";
import { INTERNAL_SIGNATURE_HEADER, signRequest } from "../crypto/request-signature.js";
import type { FetchLike, FetchResponseLike } from "./fetch-like.js";
import { validateSubmitRequest } from "./submit-validation.js";

export interface LocalBatchBackendOptions {
  /** The runner's base URL, e.g. http://127.0.0.1:8790. */
  baseUrl: string;
  fetch: FetchLike;
  /** Signs every request (X-CXR-Signature) with this secret; required by the AWS gateway. */
  signingSecret?: string;
  /** Unix seconds (tests pin it). */
  now?: () => number;
}

export class LocalBatchBackend implements BatchBackend {
  private readonly baseUrl: string;

  constructor(private readonly options: LocalBatchBackendOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  async submit(request: SubmitRequest): Promise<SubmitResult> {
    validateSubmitRequest(request); // fail fast, same messages as the runner
    return (await this.call("POST", "/v1/jobs", request)) as SubmitResult;
  }

  async describe(backendJobIds: readonly string[]): Promise<BackendJobStatus[]> {
    if (backendJobIds.length === 0) return [];
    const out = (await this.call("POST", "/v1/jobs/describe", { ids: backendJobIds })) as { jobs: BackendJobStatus[] };
    return out.jobs;
  }

  async cancel(backendJobId: string, reason: string): Promise<void> {
    await this.call("POST", `/v1/jobs/${encodeURIComponent(backendJobId)}/cancel`, { reason });
  }

  private async call(method: string, path: string, body: unknown): Promise<unknown> {
    const text = JSON.stringify(body);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.options.signingSecret !== undefined) {
      const now = this.options.now?.() ?? Math.floor(Date.now() / 1000);
      headers[INTERNAL_SIGNATURE_HEADER] = await signRequest(this.options.signingSecret, { method, pathAndQuery: path, body: text }, now);
    }
    let res: FetchResponseLike;
    try {
      res = await this.options.fetch(this.baseUrl + path, { method, headers, body: text });
    } catch (err) {
      throw new BackendError("unavailable", `Local batch runner at ${this.baseUrl} is unreachable (${(err as Error).message}); is it running? (npm start launches it)`);
    }
    const answer = await res.text();
    if (res.ok) return answer ? JSON.parse(answer) : undefined;
    // 401 = wrong signing secret: a configuration error, so not retryable.
    let code: BackendErrorCode = res.status >= 500 ? "unavailable" : res.status === 400 ? "invalid_request" : "rejected";
    let message = `Local batch runner answered ${res.status}`;
    try {
      const parsed = JSON.parse(answer) as { error?: { code?: string; message?: string } };
      if (parsed.error?.message) message = parsed.error.message;
      if (parsed.error?.code === "invalid_request" || parsed.error?.code === "unavailable" || parsed.error?.code === "rejected") code = parsed.error.code;
    } catch {
      // keep the generic message
    }
    throw new BackendError(code, message);
  }
}
