/**
 * The container side of the edge's internal API: status/progress/result events and result
 * uploads, each request HMAC-signed (shared/crypto/request-signature.ts). Transient failures
 * (network, 429, 5xx) are retried with exponential backoff; a 4xx means our request is wrong and
 * fails at once. The edge treats repeated events as no-ops, so a retry after a lost response is
 * safe.
 */
import { toBase64Url, utf8 } from "../crypto/encoding.js";
import { INTERNAL_SIGNATURE_HEADER, MANIFEST_HEADER, signRequest } from "../crypto/request-signature.js";
import { jobEventSchema, type JobEvent } from "./events.js";
import { ClassifiedError } from "./classified-error.js";
import { sleep, type FetchLike } from "./fetch-like.js";

export interface CallbackClientOptions {
  /** Edge base URL, e.g. http://127.0.0.1:8787 (no trailing path). */
  baseUrl: string;
  /** Shared HMAC secret of the internal API. */
  secret: string;
  fetch: FetchLike;
  /** Attempts per request including the first. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt. */
  backoffMs?: number;
  /** Unix seconds (tests pin it). */
  now?: () => number;
}

export class CallbackError extends ClassifiedError<"callback_failed"> {
  override readonly name = "CallbackError";
  constructor(
    message: string,
    /** True when retrying later might succeed (the job should exit with EXIT.transient). */
    readonly transient: boolean,
    readonly status?: number,
    /** The edge's stable error code (`{"error":{"code"}}`), when it answered with one. */
    readonly edgeCode?: string,
  ) {
    // Throttled or down: retried; refused (4xx): a bug or a misconfiguration, not retried.
    super("callback_failed", transient ? "transient" : "internal", message);
  }
}

export class CallbackClient {
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CallbackClientOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 200;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** POST /internal/v1/jobs/:jobId/events */
  async sendEvent(event: JobEvent): Promise<void> {
    const parsed = jobEventSchema.parse(event);
    const path = `/internal/v1/jobs/${encodeURIComponent(parsed.jobId)}/events`;
    await this.send("POST", path, JSON.stringify(parsed), { "content-type": "application/json" });
  }

  /** PUT /internal/v1/jobs/:jobId/items/:itemIndex with one manifest line (base64url JSON). */
  async uploadItem(jobId: string, itemIndex: number, bytes: Uint8Array, contentType: string, manifestLine: unknown): Promise<void> {
    const manifestHeader = toBase64Url(utf8(JSON.stringify(manifestLine)));
    const path = `/internal/v1/jobs/${encodeURIComponent(jobId)}/items/${itemIndex}`;
    await this.send("PUT", path, bytes, { "content-type": contentType, [MANIFEST_HEADER]: manifestHeader }, manifestHeader);
  }

  /** One signed internal API call (retried like the others); resolves with the answer's body. */
  request(method: string, pathAndQuery: string, body: Uint8Array | string = "", headers: Record<string, string> = {}): Promise<string> {
    return this.send(method, pathAndQuery, body, headers);
  }

  private async send(
    method: string,
    pathAndQuery: string,
    body: Uint8Array | string,
    headers: Record<string, string>,
    manifestHeader?: string,
  ): Promise<string> {
    let lastError: CallbackError | undefined;
    let signedAt = -1;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      // Re-sign each attempt with a new timestamp: the edge rejects an exact replay (409), and a
      // retry within the same second would otherwise repeat the signature of a failed attempt.
      signedAt = Math.max(this.now(), signedAt + 1);
      const signature = await signRequest(this.options.secret, { method, pathAndQuery, body, manifestHeader: manifestHeader ?? null }, signedAt);
      try {
        const res = await this.options.fetch(this.options.baseUrl.replace(/\/+$/, "") + pathAndQuery, {
          method,
          headers: { ...headers, [INTERNAL_SIGNATURE_HEADER]: signature },
          body,
        });
        const text = await res.text().catch(() => "");
        if (res.ok) return text;
        const transient = res.status === 429 || res.status >= 500;
        lastError = new CallbackError(`${method} ${pathAndQuery} answered ${res.status}: ${text.slice(0, 500)}`, transient, res.status, edgeErrorCode(text));
        if (!transient) throw lastError;
      } catch (err) {
        if (err instanceof CallbackError && !err.transient) throw err;
        lastError = err instanceof CallbackError ? err : new CallbackError(`${method} ${pathAndQuery} failed: ${(err as Error).message}`, true);
      }
      if (attempt < this.maxAttempts) await sleep(this.backoffMs * 2 ** (attempt - 1));
    }
    throw lastError ?? new CallbackError(`${method} ${pathAndQuery} failed`, true);
  }
}

function edgeErrorCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}
