import { describe, expect, it } from "vitest";
import { ApiClient, errorFromResponse } from "../../cli/api-client.js";

const apiError = (status: number, code: string) => new Response(JSON.stringify({ error: { code, message: "m" } }), { status });

describe("API errors as exit codes", () => {
  it("makes a bad key an auth failure (4)", async () => {
    expect((await errorFromResponse(apiError(401, "api_key_invalid"))).exitCode).toBe(4);
  });

  it("makes a refusal a refused request (5) carrying the stable code", async () => {
    const error = await errorFromResponse(apiError(402, "insufficient_credits"));
    expect([error.exitCode, error.message]).toEqual([5, "insufficient_credits: m"]);
  });

  it("makes payments_disabled a refusal, not an auth failure", async () => {
    expect((await errorFromResponse(apiError(403, "payments_disabled"))).exitCode).toBe(5);
  });

  it("makes a server failure unavailable (6)", async () => {
    expect((await errorFromResponse(new Response("<html>bad gateway</html>", { status: 502 }))).message).toContain("http_502");
  });

  it("retries a 429 after Retry-After", async () => {
    let calls = 0;
    const fake = (async () => (++calls === 1 ? new Response("{}", { status: 429, headers: { "retry-after": "0" } }) : new Response("{}", { status: 200 }))) as typeof fetch;
    const res = await new ApiClient({ apiUrl: "http://x", apiKey: null }, fake).send("/v1/usage");
    expect([res.status, calls]).toEqual([200, 2]);
  });

  it("makes an unreachable service unavailable (6) with a hint", async () => {
    const failing = (async () => Promise.reject(new TypeError("fetch failed"))) as typeof fetch;
    await expect(new ApiClient({ apiUrl: "http://x", apiKey: null }, failing).send("/health")).rejects.toMatchObject({ exit: "unavailable", message: expect.stringContaining("--api-url") });
  });
});
