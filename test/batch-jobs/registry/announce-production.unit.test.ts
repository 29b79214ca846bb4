import { describe, expect, it } from "vitest";
import { EdgeCallError } from "../../../batch-jobs/edge-api/edge-connection.js";
import { announceProduction } from "../../../batch-jobs/registry/announce-production.js";
import { EDGE_ENV, stubEdge } from "../edge-api/stub-edge.js";

const change = { name: "cxrl", version: "cxr64-v2", previous: "cxr64-v1" };

describe("announceProduction", () => {
  it("sends a signed compare-and-swap PUT of the new version to the edge", async () => {
    const edge = stubEdge(() => ({ status: 200, body: { changed: true } }));
    expect(await announceProduction(EDGE_ENV, change, { fetch: edge.fetch })).toEqual({ announced: true });
    expect(edge.calls).toEqual([{ method: "PUT", pathAndQuery: "/internal/v1/models/cxrl/production", body: JSON.stringify({ version: "cxr64-v2", previous: "cxr64-v1" }) }]);
  });

  it("sends previous null when the alias was unset, and leaves it out when forced", async () => {
    const edge = stubEdge(() => ({ status: 200 }));
    await announceProduction(EDGE_ENV, { ...change, previous: null }, { fetch: edge.fetch });
    await announceProduction(EDGE_ENV, { ...change, force: true }, { fetch: edge.fetch });
    expect(edge.calls.map((c) => JSON.parse(c.body))).toEqual([{ version: "cxr64-v2", previous: null }, { version: "cxr64-v2" }]);
  });

  it("reaches the edge at CXR_CALLBACK_URL when CXR_EDGE_URL is unset", async () => {
    const edge = stubEdge(() => ({ status: 200 }));
    expect(await announceProduction({ CXR_CALLBACK_URL: "http://edge.stub", CXR_CALLBACK_SECRET: EDGE_ENV.CXR_CALLBACK_SECRET }, change, { fetch: edge.fetch })).toEqual({ announced: true });
    expect(edge.calls).toHaveLength(1);
  });

  it("announces nothing, without throwing, when no edge is configured", async () => {
    const result = await announceProduction({}, change);
    expect(result.announced).toBe(false);
    expect(result.reason).toMatch(/CXR_EDGE_URL and CXR_CALLBACK_URL are unset.*registry alias/);
  });

  it("refuses to call unsigned: a URL without the secret is a configuration error", async () => {
    await expect(announceProduction({ CXR_EDGE_URL: "http://edge.stub" }, change)).rejects.toMatchObject({ code: "edge_secret_missing", exitClass: "usage" });
  });

  it("fails with production_version_conflict when the edge serves another version", async () => {
    const edge = stubEdge(() => ({ status: 409, body: { error: { code: "production_version_conflict", message: "The edge serves cxr64-v0" } } }));
    const error = await announceProduction(EDGE_ENV, change, { fetch: edge.fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdgeCallError);
    expect(error).toMatchObject({ code: "production_version_conflict", message: expect.stringContaining("cxr64-v0") });
    expect(edge.calls).toHaveLength(1);
  });

  it("retries 5xx and network failures, then fails with edge_unavailable (retryable)", async () => {
    const down = stubEdge(() => ({ status: 503, body: { error: { code: "service_misconfigured", message: "x" } } }));
    await expect(announceProduction(EDGE_ENV, change, { fetch: down.fetch, backoffMs: 1 })).rejects.toMatchObject({ code: "edge_unavailable", exitClass: "transient" });
    expect(down.calls).toHaveLength(5);
    const unreachable = (async () => { throw new TypeError("fetch failed"); }) as typeof fetch;
    await expect(announceProduction(EDGE_ENV, change, { fetch: unreachable, backoffMs: 1 })).rejects.toMatchObject({ code: "edge_unavailable", message: expect.stringContaining("fetch failed") });
  });

  it("refuses, before any call, a version that is not an exact version", async () => {
    const edge = stubEdge(() => ({ status: 200 }));
    await expect(announceProduction(EDGE_ENV, { ...change, version: "production alias" }, { fetch: edge.fetch })).rejects.toThrow(/Cannot announce cxrl production alias: version/);
    expect(edge.calls).toEqual([]);
  });

  it("fails with edge_refused on any other 4xx, naming the edge's code", async () => {
    const edge = stubEdge(() => ({ status: 404, body: { error: { code: "model_not_served", message: "This edge serves cxrl" } } }));
    await expect(announceProduction(EDGE_ENV, { ...change, name: "other" }, { fetch: edge.fetch })).rejects.toMatchObject({ code: "edge_refused", message: expect.stringContaining("model_not_served") });
  });
});
