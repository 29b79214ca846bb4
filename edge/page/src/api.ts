/** The page's only door to the edge API: same-origin fetches that never throw, typed by the shared contract. */
import type { DemoAllowanceView, GenerationView } from "../../../shared/api/index.js";
import type { ParsedReport } from "../../../shared/report/types.js";

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: ApiErrorBody };

async function call<T>(path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) } });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    return { ok: false, status: 0, error: { code: "network_error", message: "The service could not be reached." } };
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, status: res.status, body: body as T };
  const error = (body as { error?: ApiErrorBody } | null)?.error;
  return { ok: false, status: res.status, error: error ?? { code: `http_${res.status}`, message: res.statusText } };
}

export function validateReport(report: string, signal: AbortSignal): Promise<ApiResult<{ report: ParsedReport }>> {
  return call("/v1/reports/validate", { method: "POST", body: JSON.stringify({ report }), signal });
}

export interface GenerationInput {
  report: string;
  seed: number;
  steps: number;
  size: number;
}

export function createGeneration(input: GenerationInput): Promise<ApiResult<GenerationView>> {
  // "both": the visitor can download the PNG and the DICOM of the same image.
  return call("/v1/generations", { method: "POST", body: JSON.stringify({ ...input, format: "both" }) });
}

export function getGeneration(id: string): Promise<ApiResult<GenerationView>> {
  return call(`/v1/generations/${encodeURIComponent(id)}`);
}

export function getAllowance(): Promise<ApiResult<DemoAllowanceView>> {
  return call("/v1/demo/allowance");
}

export interface CheckoutSession {
  checkoutUrl: string;
  sessionId: string;
  partnerId: string;
  /** A new self-serve API key, shown once, when the visitor had none. */
  apiKey?: string;
}

export function startCheckout(credits: number): Promise<ApiResult<CheckoutSession>> {
  const back = `${location.origin}/`;
  return call("/v1/billing/checkout", { method: "POST", body: JSON.stringify({ credits, successUrl: `${back}?checkout=success`, cancelUrl: `${back}?checkout=cancelled` }) });
}
