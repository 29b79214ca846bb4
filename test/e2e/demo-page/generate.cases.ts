/**
 * Generate: today's real job failure, the generated image and the cache badge (these two skip
 * with the capability probe's reason while there is no generator), and the exhausted allowance.
 */
import { describe, expect, it } from "vitest";
import { generateAsDemo } from "../demo-platform.js";
import { ALLOWANCE, EFFUSION, screenshot, session, visit } from "./session.js";

/** A real generation on a loaded 2-core machine: model load plus 10 DDIM steps, queued behind others. */
const IMAGE_TIMEOUT_MS = 400_000;

export function generateCases(): void {
  describe("demo page: generate", () => {
    it("shows the job-failed message while the generator is not available", async (ctx) => {
      if (session.generator.available) ctx.skip(true, "a generator is available, so generations no longer fail with not_implemented");
      const { page } = await visit();
      await page.getByRole("button", { name: "Left effusion" }).click();
      await page.getByRole("button", { name: "Generate image" }).click();
      const error = page.locator("#generate-error");
      await error.waitFor({ timeout: 120_000 });
      expect(await error.getAttribute("data-code")).toBe("not_implemented");
      expect(await error.innerText()).toContain("The generation job failed");
      expect(await page.locator("#allowance-summary").innerText()).toContain(`${ALLOWANCE - 1} of ${ALLOWANCE}`);
    });
  
    it("shows the generated image with alt text, findings and downloads", async (ctx) => {
      if (!session.generator.available) ctx.skip(true, session.generator.reason);
      const { page } = await visit();
      await page.getByLabel("Chest X-ray report").fill(EFFUSION);
      await page.getByLabel("Sampling steps").fill("10");
      await page.getByRole("button", { name: "Generate image" }).click();
      const image = page.locator("#result-image");
      await image.waitFor({ timeout: 300_000 });
      await expect.poll(() => image.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth), { timeout: 10_000 }).toBe(64);
      expect(await image.getAttribute("alt")).toContain("pleural effusion");
      expect(await page.locator("#cached-badge").isVisible()).toBe(false);
      expect(await page.locator("#download-png").getAttribute("href")).toMatch(/\/images\/[0-9a-f]{64}\.png$/);
      expect(await page.locator("#download-dicom").getAttribute("href")).toMatch(/\/images\/[0-9a-f]{64}\.dcm$/);
      await screenshot(page, "demo-result-desktop.png");
    }, IMAGE_TIMEOUT_MS);
  
    it("marks the same request again as served from cache", async (ctx) => {
      if (!session.generator.available) ctx.skip(true, session.generator.reason);
      const { page, ip } = await visit();
      const first = await generateAsDemo(session.edgeUrl, ip, { report: EFFUSION, seed: 7, steps: 10, size: 64, format: "both" });
      expect(first.status, JSON.stringify(first.error)).toBe("succeeded");
      await page.getByLabel("Chest X-ray report").fill(EFFUSION);
      await page.getByLabel("Seed", { exact: true }).fill("7");
      await page.getByLabel("Sampling steps").fill("10");
      await page.getByRole("button", { name: "Generate image" }).click();
      await page.locator("#cached-badge").waitFor({ timeout: 60_000 });
      expect(await page.locator("#result-image").getAttribute("src")).toBe(first.images?.png);
    }, IMAGE_TIMEOUT_MS);
  
    it("explains an exhausted allowance, and that paid credits are off here", async () => {
      const { page, ip } = await visit();
      for (let i = 0; i < ALLOWANCE; i++) await fetch(`${session.edgeUrl}/v1/generations`, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": ip }, body: JSON.stringify({ report: EFFUSION, seed: 1000 + i }) });
      await page.getByLabel("Chest X-ray report").fill(EFFUSION);
      await page.getByRole("button", { name: "Generate image" }).click();
      const error = page.locator("#generate-error");
      await error.waitFor();
      expect(await error.getAttribute("data-code")).toBe("demo_allowance_exhausted");
      expect(await error.innerText()).toContain("Paid credits are not enabled on this deployment");
      // The page refreshes the summary with a request of its own after showing the error: poll it.
      await expect.poll(() => page.locator("#allowance-summary").innerText(), { timeout: 10_000 }).toContain(`0 of ${ALLOWANCE} free images left`);
      expect(await page.locator("#checkout-form").isVisible()).toBe(false);
    });
  });
}
