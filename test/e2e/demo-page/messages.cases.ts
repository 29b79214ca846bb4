/**
 * A clear message for every error code: the page's rendering of each API answer, with the
 * answer itself stubbed in the browser (page.route), since most codes cannot be provoked at will
 * against a healthy platform. The real paths (PHI, allowance, job failure) are covered live.
 */
import { describe, expect, it } from "vitest";
import { EFFUSION, visit } from "./session.js";

interface Case {
  code: string;
  status: number;
  details?: unknown;
  expected: string;
}

const CASES: Case[] = [
  { code: "rate_limited", status: 429, details: { retryAfterSeconds: 12 }, expected: "Wait 12 seconds" },
  { code: "demo_allowance_exhausted", status: 402, details: { limit: 20, payments: "enabled" }, expected: "Buy credits below" },
  { code: "demo_allowance_exhausted", status: 402, details: { limit: 20, payments: "disabled" }, expected: "come back tomorrow" },
  { code: "report_contains_phi", status: 422, expected: "personal health information" },
  { code: "report_not_chest_radiograph", status: 422, expected: "does not read like a chest X-ray report" },
  { code: "invalid_request", status: 400, expected: "Check size, seed and steps" },
  { code: "internal_error", status: 500, expected: "Something went wrong on our side" },
  { code: "some_future_code", status: 409, expected: "the server's own words" },
];

const failedJob = { code: "batch_rejected", message: "the backend refused the job" };

export function messageCases(): void {
  describe("demo page: error messages", () => {
    it.each(CASES)("explains $code ($status) in plain words", async ({ code, status, details, expected }) => {
      const { page } = await visit({
        before: (p) =>
          p.route("**/v1/generations", (route) =>
            route.fulfill({ status, contentType: "application/json", body: JSON.stringify({ error: { code, message: "the server's own words", ...(details ? { details } : {}) } }) }),
          ),
      });
      await page.getByLabel("Chest X-ray report").fill(EFFUSION);
      await page.getByRole("button", { name: "Generate image" }).click();
      const error = page.locator("#generate-error");
      await error.waitFor();
      expect(await error.getAttribute("data-code")).toBe(code);
      expect(await error.innerText()).toContain(expected);
    });

    it("explains a failed job with its code", async () => {
      const generation = { id: "gen_x", status: "failed", cached: false, error: failedJob, findings: { labels: {}, view: null }, images: null, quality: null, settings: { size: 64 } };
      const { page } = await visit({ before: (p) => p.route("**/v1/generations", (route) => route.fulfill({ status: 202, contentType: "application/json", body: JSON.stringify(generation) })) });
      await page.getByLabel("Chest X-ray report").fill(EFFUSION);
      await page.getByRole("button", { name: "Generate image" }).click();
      await page.locator("#generate-error").waitFor();
      expect(await page.locator("#generate-error").innerText()).toContain("The generation job failed (batch_rejected): the backend refused the job");
    });

    it("says when the service cannot be reached", async () => {
      const { page } = await visit({ before: (p) => p.route("**/v1/generations", (route) => route.abort("connectionrefused")) });
      await page.getByLabel("Chest X-ray report").fill(EFFUSION);
      await page.getByRole("button", { name: "Generate image" }).click();
      await page.locator("#generate-error").waitFor();
      expect(await page.locator("#generate-error").innerText()).toContain("could not be reached");
    });
  });
}
