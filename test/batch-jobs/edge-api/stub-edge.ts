/** A fetch standing in for the edge's internal API: checks each signature, records the call, answers from `answer`. */
import { verifyRequestSignature } from "../../../shared/crypto/index.js";

export const EDGE_SECRET = "stub-edge-secret";
export const EDGE_ENV = { CXR_EDGE_URL: "http://edge.stub", CXR_CALLBACK_SECRET: EDGE_SECRET };

export interface StubCall {
  method: string;
  pathAndQuery: string;
  body: string;
}

export type StubAnswer = (call: StubCall) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

export function stubEdge(answer: StubAnswer) {
  const calls: StubCall[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const u = new URL(String(url));
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === "string" ? init.body : new TextDecoder().decode(init?.body as Uint8Array | undefined);
    const call = { method: init?.method ?? "GET", pathAndQuery: u.pathname + u.search, body };
    const check = await verifyRequestSignature(EDGE_SECRET, { ...call, manifestHeader: null }, headers.get("x-cxr-signature"), Math.floor(Date.now() / 1000));
    if (!check.ok) return Response.json({ error: { code: check.reason, message: check.message } }, { status: 401 });
    calls.push(call);
    const { status, body: out } = await answer(call);
    return typeof out === "string" ? new Response(out, { status }) : Response.json(out ?? {}, { status });
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}
