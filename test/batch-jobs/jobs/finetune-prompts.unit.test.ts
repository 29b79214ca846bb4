import { describe, expect, it } from "vitest";
import { partnerPrompts } from "../../../batch-jobs/jobs/finetune-prompts.js";
import { EDGE_ENV, stubEdge } from "../edge-api/stub-edge.js";

const lines = (texts: string[]) => texts.map((text) => JSON.stringify({ text }) + "\n").join("");

describe("partnerPrompts", () => {
  it("fetches the opted-in partners' reports over a signed GET with the limit", async () => {
    const edge = stubEdge(() => ({ status: 200, body: lines(["findings: mild cardiomegaly.", "findings: small left effusion."]) }));
    const got = await partnerPrompts(EDGE_ENV, { limit: 50 }, { fetch: edge.fetch });
    expect(got.reports).toEqual(["findings: mild cardiomegaly.", "findings: small left effusion."]);
    expect(got.source).toBe("edge http://edge.stub: 2 report(s) of partners who opted in to training");
    expect(edge.calls).toEqual([{ method: "GET", pathAndQuery: "/internal/v1/training/reports.jsonl?limit=50", body: "" }]);
  });

  it("returns no reports, and why, when no edge is configured", async () => {
    const got = await partnerPrompts({}, { limit: 50 });
    expect(got.reports).toEqual([]);
    expect(got.source).toMatch(/^none: no edge configured/);
  });

  it("an empty export is no reports, not an error", async () => {
    const edge = stubEdge(() => ({ status: 200, body: "" }));
    expect((await partnerPrompts(EDGE_ENV, { limit: 5 }, { fetch: edge.fetch })).reports).toEqual([]);
  });

  it("refuses a malformed export line with edge_answer_invalid", async () => {
    const edge = stubEdge(() => ({ status: 200, body: '{"text":"ok"}\n{"txt":1}\n' }));
    await expect(partnerPrompts(EDGE_ENV, { limit: 5 }, { fetch: edge.fetch })).rejects.toMatchObject({ code: "edge_answer_invalid", message: expect.stringContaining("Line 2") });
  });

  it("fails with edge_unavailable when the edge is down", async () => {
    const edge = stubEdge(() => ({ status: 502, body: "bad gateway" }));
    await expect(partnerPrompts(EDGE_ENV, { limit: 5 }, { fetch: edge.fetch, backoffMs: 1 })).rejects.toMatchObject({ code: "edge_unavailable" });
  });

  it("stops with the abort reason when aborted", async () => {
    const stop = new AbortController();
    let calls = 0;
    // Like fetch: never answers, rejects once the signal aborts.
    const hanging = ((_url: string, init: RequestInit) => {
      calls++;
      setTimeout(() => stop.abort(new Error("SIGTERM")), 5);
      return new Promise((_, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason)));
    }) as unknown as typeof fetch;
    await expect(partnerPrompts(EDGE_ENV, { limit: 5, signal: stop.signal }, { fetch: hanging, backoffMs: 1 })).rejects.toThrow("SIGTERM");
    expect(calls).toBe(1);
    await expect(partnerPrompts(EDGE_ENV, { limit: 5, signal: stop.signal }, { fetch: hanging })).rejects.toThrow("SIGTERM");
    expect(calls).toBe(1);
  });

  it("validates the limit", async () => {
    await expect(partnerPrompts(EDGE_ENV, { limit: 10_001 })).rejects.toThrow(RangeError);
    expect(await partnerPrompts(EDGE_ENV, { limit: 0 })).toEqual({ reports: [], source: "none: limit 0" });
  });
});
