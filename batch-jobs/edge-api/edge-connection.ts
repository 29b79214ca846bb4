/**
 * The batch side's own calls to the edge's internal API — announcing the production version,
 * fetching training prompts — as opposed to a job's events. The edge is reached at CXR_EDGE_URL
 * (else CXR_CALLBACK_URL, the same edge) and every call is signed with CXR_CALLBACK_SECRET. No URL
 * configured is a normal state (local work, offline runs), not an error: callers say so.
 */
import { PRODUCTION_CONFLICT_CODE } from "../../shared/api/internal.js";
import { CallbackClient, CallbackError } from "../../shared/jobs/callback-client.js";
import { ClassifiedError } from "../../shared/jobs/classified-error.js";
import type { ExitClass } from "../../shared/jobs/exit-codes.js";
import type { FetchLike } from "../../shared/jobs/fetch-like.js";
import { BATCH_ENV } from "../../shared/jobs/sharding.js";

export type EdgeCallErrorCode = "edge_secret_missing" | "edge_unavailable" | "edge_refused" | "edge_answer_invalid" | typeof PRODUCTION_CONFLICT_CODE;

/** How a job fails on each: only an unreachable edge is worth retrying the attempt for. */
export const EDGE_CALL_EXIT: Record<EdgeCallErrorCode, ExitClass> = {
  edge_secret_missing: "usage",
  edge_unavailable: "transient",
  edge_refused: "internal",
  edge_answer_invalid: "internal",
  // The registry and the edge disagree; an operator re-syncs (`npm run registry -- announce`).
  production_version_conflict: "internal",
};

export class EdgeCallError extends ClassifiedError<EdgeCallErrorCode> {
  override readonly name = "EdgeCallError";
  constructor(code: EdgeCallErrorCode, message: string) {
    super(code, EDGE_CALL_EXIT[code], message);
  }
}

export interface EdgeCallDeps {
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** First retry delay of a transient failure (tests shorten it). */
  backoffMs?: number;
  signal?: AbortSignal;
}

export type EdgeConnection = { client: CallbackClient; baseUrl: string } | { client: null; reason: string };

export function edgeConnection(env: Record<string, string | undefined>, deps: EdgeCallDeps = {}): EdgeConnection {
  const baseUrl = env[BATCH_ENV.edgeUrl] || env[BATCH_ENV.callbackUrl];
  if (!baseUrl) return { client: null, reason: `no edge configured (${BATCH_ENV.edgeUrl} and ${BATCH_ENV.callbackUrl} are unset)` };
  const secret = env[BATCH_ENV.callbackSecret];
  if (!secret) throw new EdgeCallError("edge_secret_missing", `The edge is configured (${baseUrl}) but ${BATCH_ENV.callbackSecret} is not set; the edge refuses unsigned internal calls.`);
  const f = deps.fetch ?? fetch;
  const fetchLike: FetchLike = async (url, init) => {
    try {
      return await f(url, { ...init, ...(deps.signal ? { signal: deps.signal } : {}) } as RequestInit);
    } catch (err) {
      // Not transient: the client must stop retrying once we are asked to stop.
      if (deps.signal?.aborted) throw new CallbackError("aborted", false);
      throw err;
    }
  };
  return { client: new CallbackClient({ baseUrl, secret, fetch: fetchLike, ...(deps.backoffMs !== undefined ? { backoffMs: deps.backoffMs } : {}) }), baseUrl };
}

/** One signed call; failures become EdgeCallErrors with stable codes. */
export async function callEdge(client: CallbackClient, method: string, pathAndQuery: string, body?: unknown, signal?: AbortSignal): Promise<string> {
  try {
    return await client.request(method, pathAndQuery, body === undefined ? "" : JSON.stringify(body), body === undefined ? {} : { "content-type": "application/json" });
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (!(err instanceof CallbackError)) throw err;
    if (err.edgeCode === PRODUCTION_CONFLICT_CODE) throw new EdgeCallError(PRODUCTION_CONFLICT_CODE, err.message);
    if (err.transient) throw new EdgeCallError("edge_unavailable", `The edge did not answer usefully after retries: ${err.message}`);
    throw new EdgeCallError("edge_refused", `The edge refused the call (${err.edgeCode ?? `HTTP ${err.status}`}): ${err.message}`);
  }
}
