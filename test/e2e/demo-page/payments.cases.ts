/**
 * Pay-per-use beyond the free allowance. Locally Stripe is not configured, so the live case is
 * the plain explanation; the Stripe Checkout hand-off is exercised with the allowance and
 * checkout answers stubbed as a Stripe-enabled deployment would give them (no network here).
 */
import { describe, expect, it } from "vitest";
import { visit } from "./session.js";

const ENABLED = { limit: 20, used: 20, remaining: 0, resetsAt: "2030-01-02T00:00:00.000Z", payments: "enabled" };
const SESSION = { checkoutUrl: "https://checkout.stripe.com/c/pay/cs_test_123", sessionId: "cs_test_123", partnerId: "ptn_1", apiKey: "cxr_abcdefghijkl_secret" };

export function paymentCases(): void {
  describe("demo page: credits", () => {
    it("explains that paid credits are not enabled when Stripe is not configured", async () => {
      const { page } = await visit();
      expect(await page.locator("#payments-note").innerText()).toContain("Paid credits are not enabled on this deployment");
      expect(await page.locator("#checkout-form").isVisible()).toBe(false);
    });

    it("offers Stripe Checkout when it is configured, showing the new key before the hand-off", async () => {
      let checkoutBody = "";
      const { page } = await visit({
        before: async (p) => {
          await p.route("**/v1/demo/allowance", (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(ENABLED) }));
          await p.route("**/v1/billing/checkout", (route) => {
            checkoutBody = route.request().postData() ?? "";
            return route.fulfill({ status: 201, contentType: "application/json", body: JSON.stringify(SESSION) });
          });
        },
      });
      expect(await page.locator("#allowance-summary").innerText()).toContain("0 of 20 free images left");
      await page.getByLabel("Credits to buy").fill("200");
      await page.getByRole("button", { name: "Buy with Stripe Checkout" }).click();
      const link = page.getByRole("link", { name: "Continue to Stripe Checkout" });
      await link.waitFor();
      expect(await link.getAttribute("href")).toBe(SESSION.checkoutUrl);
      expect(await page.locator("#checkout-outcome code").innerText()).toBe(SESSION.apiKey);
      expect(JSON.parse(checkoutBody)).toMatchObject({ credits: 200 });
    });
  });
}
