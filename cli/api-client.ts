/**
 * HTTP to the edge API. Every failure becomes a CliError with the API's stable code in its
 * one-line message and an exit code by who must act: 401/403 → auth, other 4xx → refused,
 * network / 5xx → unavailable. 429 is retried after Retry-After (a few times) before giving up.
 */
import { CliError } from "./errors.js";
import type { Connection } from "./options.js";

const MAX_RATE_LIMIT_RETRIES = 3;

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiClient {
  constructor(
    readonly connection: Connection,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  url(path: string): string {
    return path.startsWith("http") ? path : `${this.connection.apiUrl}${path}`;
  }

  /** A raw response (any status); throws only when the service cannot be reached. */
  async send(path: string, init: RequestInit & { auth?: boolean } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.auth !== false && this.connection.apiKey) headers.set("authorization", `Bearer ${this.connection.apiKey}`);
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetchImpl(this.url(path), { ...init, headers });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; errors?: Array<{ code?: string }> } }).cause;
        const reason = cause?.code ?? cause?.errors?.[0]?.code ?? (err as Error).message;
        throw new CliError("unavailable", `cannot reach ${this.connection.apiUrl} (${reason}); check --api-url / CXR_API_URL and that the service is running`);
      }
      if (res.status !== 429 || attempt >= MAX_RATE_LIMIT_RETRIES) return res;
      const wait = Math.min(60, Number(res.headers.get("retry-after") ?? "1") || 1);
      await res.body?.cancel();
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  }

  /** JSON request; a non-2xx answer throws the matching CliError. */
  async json<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const init: RequestInit = { method, headers: { accept: "application/json", ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] = "application/json";
    }
    const res = await this.send(path, init);
    if (!res.ok) throw await errorFromResponse(res);
    return (await res.json()) as T;
  }

  requireKey(): void {
    if (!this.connection.apiKey) throw new CliError("auth", "no API key: pass --api-key or set CXR_API_KEY (keys look like cxr_<prefix>_<secret>)");
  }
}

export async function errorFromResponse(res: Response): Promise<CliError> {
  const text = await res.text().catch(() => "");
  let error: ApiErrorBody | undefined;
  try {
    error = (JSON.parse(text) as { error?: ApiErrorBody }).error;
  } catch {
    // Not our JSON (a proxy's page): describe the status instead.
  }
  const code = error?.code ?? `http_${res.status}`;
  const message = `${code}: ${error?.message ?? (res.statusText || "request failed")}`;
  if (res.status === 401 || res.status === 403) return new CliError(code === "payments_disabled" ? "refused" : "auth", message);
  if (res.status === 429) return new CliError("unavailable", `${message} (still rate limited after retries; try again later)`);
  if (res.status >= 400 && res.status < 500) return new CliError("refused", message);
  return new CliError("unavailable", `${message} (the service failed; try again later)`);
}
