import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { REPORT_MAX_CHARS } from "../../shared/report/index.js";

const URL_VALIDATE = "http://edge.test/v1/reports/validate";

function postJson(body: unknown): Promise<Response> {
  return exports.default.fetch(URL_VALIDATE, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

interface ErrorJson {
  error: { code: string; message: string; details?: { errors?: Array<{ code: string; spans?: unknown[] }> } };
}

describe("POST /v1/reports/validate", () => {
  it("returns the parse of a valid report", async () => {
    const res = await postJson({
      report: "FINDINGS: Small left pleural effusion. No pneumothorax.\nIMPRESSION: Small left effusion.",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { report: { labels: Record<string, number | null> } };
    expect(body.report.labels["Pleural Effusion"]).toBe(1);
    expect(body.report.labels["Pneumothorax"]).toBe(0);
  });

  it("accepts text/plain bodies", async () => {
    const res = await exports.default.fetch(URL_VALIDATE, {
      method: "POST",
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "PA and lateral views of the chest. The lungs are clear. Heart size is normal.",
    });
    expect(res.status).toBe(200);
  });

  it("rejects PHI with 422, the spans, and without echoing the text", async () => {
    const res = await postJson({ report: "Patient Mr. John Smith, MRN 12345678. Lungs are clear." });
    expect(res.status).toBe(422);
    const raw = await res.text();
    expect(raw).not.toContain("Smith");
    expect(raw).not.toContain("12345678");
    const body = JSON.parse(raw) as ErrorJson;
    expect(body.error.code).toBe("report_contains_phi");
    expect(body.error.details?.errors?.[0]?.spans?.length).toBeGreaterThan(0);
  });

  it.each([
    ["an empty report", { report: "   \n " }, "report_empty"],
    ["a non-string report", { report: 42 }, "report_not_text"],
    ["a shopping list", { report: "Eggs, milk, two loaves of bread and a bag of apples." }, "report_not_chest_radiograph"],
  ])("answers 422 for %s", async (_name, body, code) => {
    const res = await postJson(body);
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorJson).error.code).toBe(code);
  });

  it("answers 400 for malformed JSON and for a body without a report field", async () => {
    const bad = await postJson("{not json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorJson).error.code).toBe("invalid_json");
    const missing = await postJson({ text: "Lungs are clear." });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorJson).error.code).toBe("report_missing");
  });

  it("answers 415 for an unsupported content type", async () => {
    const res = await exports.default.fetch(URL_VALIDATE, {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: "<report/>",
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorJson).error.code).toBe("unsupported_media_type");
  });

  it("answers 413 for an oversize body and 422 for an over-long report", async () => {
    const huge = await postJson({ report: "Lungs are clear. ".repeat(REPORT_MAX_CHARS) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as ErrorJson).error.code).toBe("body_too_large");
    const long = await postJson({ report: "x".repeat(REPORT_MAX_CHARS + 1) });
    expect(long.status).toBe(422);
    expect(((await long.json()) as ErrorJson).error.code).toBe("report_too_long");
  });
});
