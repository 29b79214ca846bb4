/** Test helpers for the batch side: a recording BatchBackend, consumer runs and signed internal calls. */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { INTERNAL_SIGNATURE_HEADER, MANIFEST_HEADER, signRequest, toBase64Url, utf8 } from "../../../shared/crypto/index.js";
import { BackendError, type BackendJobStatus, type BatchBackend, type SubmitRequest, type SubmitResult } from "../../../shared/jobs/index.js";
import { handleQueueBatch, type ConsumerDeps } from "../../../edge/src/queue/consumer.js";
import { ORIGIN } from "./api.js";

export class RecordingBackend implements BatchBackend {
  readonly submitted: SubmitRequest[] = [];
  private readonly byToken = new Map<string, string>();
  failWith: BackendError | null = null;

  async submit(request: SubmitRequest): Promise<SubmitResult> {
    if (this.failWith) throw this.failWith;
    const existing = this.byToken.get(request.idempotencyToken);
    if (existing) return { backendJobId: existing, deduplicated: true };
    this.submitted.push(request);
    const id = `backend-${this.submitted.length}`;
    this.byToken.set(request.idempotencyToken, id);
    return { backendJobId: id, deduplicated: false };
  }
  /** What describe() answers, by backend job id (empty: the backend knows no job). */
  readonly statuses = new Map<string, BackendJobStatus>();

  async describe(ids: readonly string[]): Promise<BackendJobStatus[]> {
    return ids.flatMap((id) => this.statuses.get(id) ?? []);
  }
  async cancel(): Promise<void> {}
}

export interface ConsumerRun {
  outcomes: Awaited<ReturnType<typeof getQueueResult>>;
}

let messageCounter = 0;

/** Runs the real consumer over `bodies` (attempts as given) with injected deps. */
export async function runConsumer(bodies: unknown[], deps: Partial<ConsumerDeps> & { backend: BatchBackend }, attempts = 1) {
  const batch = createMessageBatch("cxr-synth-generation", bodies.map((body) => ({ id: `msg-${++messageCounter}`, timestamp: new Date(), attempts, body })));
  const ctx = createExecutionContext();
  // Delegating wrappers record the retry delays (getQueueResult reports only which messages retried).
  const retryDelays: Array<number | undefined> = [];
  const messages = batch.messages.map((m) => ({
    id: m.id,
    timestamp: m.timestamp,
    body: m.body,
    attempts: m.attempts,
    ack: () => m.ack(),
    retry: (options?: QueueRetryOptions) => {
      retryDelays.push(options?.delaySeconds);
      m.retry(options);
    },
  }));
  const wrapped: MessageBatch<unknown> = { queue: batch.queue, metadata: batch.metadata, messages, ackAll: () => batch.ackAll(), retryAll: (o?: QueueRetryOptions) => batch.retryAll(o) };
  await handleQueueBatch(wrapped, env, { sendWebhook: async () => new Response(null, { status: 204 }), publicOrigin: ORIGIN, ...deps });
  return { ...(await getQueueResult(batch, ctx)), retryDelays };
}

/** A minimal byte string with the PNG signature (the edge checks the signature, not the pixels). */
export function fakePng(tag: string): Uint8Array {
  return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...utf8(`IHDR-test-${tag}`)]);
}

export function fakeDicom(tag: string): Uint8Array {
  return new Uint8Array([...new Uint8Array(128), 0x44, 0x49, 0x43, 0x4d, ...utf8(`dicom-test-${tag}`)]);
}

export async function signedInternal(method: string, path: string, body: Uint8Array | string, headers: Record<string, string> = {}, options: { manifest?: unknown; timestamp?: number; secret?: string } = {}): Promise<Request> {
  const manifestHeader = options.manifest === undefined ? null : toBase64Url(utf8(JSON.stringify(options.manifest)));
  const signature = await signRequest(options.secret ?? env.INTERNAL_HMAC_SECRET ?? "", { method, pathAndQuery: path, body, manifestHeader }, options.timestamp ?? Math.floor(Date.now() / 1000));
  return new Request(ORIGIN + path, {
    method,
    headers: { ...headers, [INTERNAL_SIGNATURE_HEADER]: signature, ...(manifestHeader ? { [MANIFEST_HEADER]: manifestHeader } : {}) },
    // GET and HEAD carry no body; they are signed over the empty one.
    ...(method === "GET" || method === "HEAD" ? {} : { body }),
  });
}

export function send(request: Request): Promise<Response> {
  return exports.default.fetch(request);
}

/** Uploads item `itemIndex` of `jobId` as the batch side would. */
export async function uploadItem(jobId: string, itemIndex: number, manifest: Record<string, unknown>, bytes: Uint8Array = fakePng(`${jobId}-${itemIndex}`), timestamp?: number): Promise<Response> {
  const contentType = manifest.format === "dicom" ? "application/dicom" : "image/png";
  return send(await signedInternal("PUT", `/internal/v1/jobs/${jobId}/items/${itemIndex}`, bytes, { "content-type": contentType }, { manifest, ...(timestamp === undefined ? {} : { timestamp }) }));
}

export function statusEvent(jobId: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { eventVersion: 1, jobId, kind: "generate", backendJobId: "backend-x", shardIndex: 0, shardCount: 1, attempt: 1, seq: 0, at: new Date().toISOString(), type: "status", ...fields };
}

export async function postEvent(jobId: string, event: Record<string, unknown>, timestamp?: number): Promise<Response> {
  const options = timestamp === undefined ? {} : { timestamp };
  return send(await signedInternal("POST", `/internal/v1/jobs/${jobId}/events`, JSON.stringify(event), { "content-type": "application/json" }, options));
}
