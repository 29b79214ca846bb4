/**
 * Throws malformed JSON, wrong types, huge bodies, unicode oddities and PHI at every public
 * endpoint: the answer must be a 4xx with a stable error code (or, rarely, a success), never 5xx.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adminHeaders, call, createPartner, REPORT } from "./helpers/api.js";

const CODE = /^[a-z][a-z0-9_]*$/;

async function expectHandled(res: Response, label: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${label} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400 && res.status !== 416) {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    expect(body.error?.code, label).toMatch(CODE);
    expect(body.error?.message?.length ?? 0, label).toBeGreaterThan(0);
  }
}

const oddText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constantFrom("\u0000", "\ud800", "\udfff\ud800", "\u202e\u202d", "\ufeff{}", "A\u0301\u0301\u0301", "💥".repeat(50), "\u200b".repeat(100), "%00%ff", "../../etc/passwd"),
);
const phi = fc.constantFrom(
  "Patient John Smith seen 03/14/2024. There is cardiomegaly.",
  "MRN: 12345678. PA chest: small left pleural effusion.",
  "Call Dr. Jones at (555) 123-4567 re: pneumothorax.",
  "Email jane.doe@example.com. Cardiomegaly.",
  "92 year old female, 12 Main Street. Edema.",
);
const wrongTyped = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }), fc.double());
const jsonBody = fc.oneof(
  fc.record({ report: fc.oneof(oddText, phi, wrongTyped), seed: fc.oneof(wrongTyped, fc.integer()), steps: wrongTyped, size: wrongTyped }, { requiredKeys: ["report"] }).map((v) => JSON.stringify(v)),
  fc.record({ reports: fc.oneof(fc.array(fc.oneof(oddText, phi, wrongTyped), { maxLength: 5 }), wrongTyped), spec: fc.oneof(wrongTyped, fc.record({ count: wrongTyped, labels: wrongTyped })), samplesPerReport: wrongTyped }).map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  oddText,
  fc.constantFrom("{", "[1,2", '{"report": "x",}', "null", '"just a string"', '{"report": "' + REPORT + '", "__proto__": {"x": 1}}'),
);
const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "", "image/png");
function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text).slice(0, 200) || "x";
  } catch {
    return "%ED%A0%80"; // a lone surrogate cannot be URI-encoded; send its raw (invalid UTF-8) bytes instead
  }
}
const pathSegment = fc.oneof(oddText.map(encodeSegment), fc.constantFrom("gen_AAAAAAAAAAAAAAAAAAAAAA", "ds_zzz", "%2e%2e", "a".repeat(300)));

describe("bad input at every public endpoint", () => {
  it("POST bodies: never 5xx, always a stable error code", async () => {
    const partner = await createPartner();
    const targets: Array<{ path: string; headers: Record<string, string> }> = [
      { path: "/v1/generations", headers: {} },
      { path: "/v1/generations", headers: partner.auth },
      { path: "/v1/datasets", headers: partner.auth },
      { path: "/v1/reports/validate", headers: {} },
      { path: "/v1/billing/checkout", headers: {} },
      { path: "/v1/billing/stripe-webhook", headers: { "stripe-signature": "t=1,v1=abc" } },
      { path: "/admin/v1/partners", headers: adminHeaders() },
      { path: "/internal/v1/jobs/job_x/events", headers: { "x-cxr-signature": "t=1,v1=" + "0".repeat(64) } },
    ];
    let ip = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), jsonBody, contentType, fc.string({ maxLength: 40 }), async (target, body, type, idem) => {
        ip += 1;
        const headers: Record<string, string> = { ...target.headers, "cf-connecting-ip": `203.0.113.${ip % 250}` };
        if (type) headers["content-type"] = type;
        if (idem && /^[\x21-\x7e]*$/.test(idem)) headers["idempotency-key"] = idem;
        await expectHandled(await call(target.path, { method: "POST", headers, body }), `POST ${target.path} ${body.slice(0, 80)}`);
      }),
      { numRuns: 120, seed: 20260426 },
    );
  }, 60_000);

  it("huge bodies are refused with 413 before they are read", async () => {
    const partner = await createPartner();
    const huge = JSON.stringify({ report: "x".repeat(200_000) });
    for (const [path, headers] of [["/v1/generations", {}], ["/v1/reports/validate", {}], ["/admin/v1/partners", adminHeaders()], ["/v1/datasets", partner.auth]] as const) {
      const body = path === "/v1/datasets" ? JSON.stringify({ reports: Array.from({ length: 500 }, () => "y".repeat(20_000)) }) : huge;
      const res = await call(path, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body });
      expect(res.status, path).toBe(413);
      expect(await res.json()).toMatchObject({ error: { code: "body_too_large" } });
    }
  });

  it("GET paths, ids, query strings and auth headers: never 5xx", async () => {
    const partner = await createPartner();
    const auth = fc.oneof(fc.constant({}), fc.constant(partner.auth), oddText.map((s) => ({ authorization: `Bearer ${s.replace(/[^\x20-\x7e]/g, "")}` })), fc.constant({ authorization: "Basic Zm9vOmJhcg==" }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/v1/generations/", "/v1/datasets/", "/images/", "/v1/files/ds_x/", "/v1/datasets/ds_x/", "/internal/v1/jobs/"),
        pathSegment,
        fc.constantFrom("", "?limit=abc", "?limit=1000000", "?from=yesterday", "?expires=1&signature=zz", "?before=%00"),
        auth,
        fc.constantFrom("GET", "DELETE"),
        async (prefix, segment, query, headers, method) => {
          const suffix = prefix === "/v1/datasets/ds_x/" ? "manifest" : prefix === "/internal/v1/jobs/" ? `${segment}/reports.jsonl` : segment;
          await expectHandled(await call(prefix + suffix + query, { method, headers: { ...headers, range: "bytes=zz" } }), `${method} ${prefix}${suffix}${query}`);
        },
      ),
      { numRuns: 90, seed: 7 },
    );
    for (const path of ["/v1/usage?from=2026-13-45", "/v1/usage?from=2026-02-01&to=2026-01-01", "/v1/generations?limit=0"]) {
      await expectHandled(await call(path, { headers: partner.auth }), path);
    }
  }, 60_000);
});
