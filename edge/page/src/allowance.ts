/**
 * Pay-per-use: the visitor's free images left today, and what happens beyond them — Stripe
 * Checkout when this deployment has it, a plain explanation when it does not (the local default).
 */
import type { DemoAllowanceView } from "../../../shared/api/index.js";
import { getAllowance, startCheckout } from "./api.js";
import { byId, el, show } from "./dom.js";
import { explainError } from "./error-messages.js";

function resetTime(iso: string): string {
  return new Date(iso).toISOString().slice(11, 16) + " UTC";
}

export function allowanceText(a: DemoAllowanceView): string {
  return `${a.remaining} of ${a.limit} free images left today (resets at ${resetTime(a.resetsAt)}).`;
}

export function paymentsText(a: DemoAllowanceView): string {
  return a.payments === "enabled"
    ? "Need more? Buy credits with Stripe Checkout: you get an API key for this site, shown once."
    : "Paid credits are not enabled on this deployment (no payment provider is configured), so images beyond the free allowance are not available here. The allowance resets every day at midnight UTC.";
}

/** Refreshes the allowance panel; returns what the server said (null if it could not be read). */
export async function refreshAllowance(): Promise<DemoAllowanceView | null> {
  const result = await getAllowance();
  const summary = byId("allowance-summary", HTMLParagraphElement);
  if (!result.ok) {
    summary.textContent = "The free allowance could not be read just now.";
    return null;
  }
  summary.textContent = allowanceText(result.body);
  byId("payments-note", HTMLParagraphElement).textContent = paymentsText(result.body);
  show(byId("checkout-form", HTMLFormElement), result.body.payments === "enabled");
  return result.body;
}

export function wireCheckout(): void {
  const form = byId("checkout-form", HTMLFormElement);
  const outcome = byId("checkout-outcome", HTMLDivElement);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const credits = Number(byId("checkout-credits", HTMLInputElement).value);
    void startCheckout(credits).then((result) => {
      if (!result.ok) {
        outcome.replaceChildren(el("p", { class: "error", role: "alert" }, explainError(result.error)));
        return;
      }
      // The new key is shown before leaving for Stripe: it cannot be shown again.
      const parts: Array<Node | string> = [];
      if (result.body.apiKey) parts.push(el("p", {}, "Your API key (copy it now, it is shown only once): ", el("code", {}, result.body.apiKey)));
      parts.push(el("p", {}, el("a", { href: result.body.checkoutUrl, rel: "noopener" }, "Continue to Stripe Checkout")));
      outcome.replaceChildren(...parts);
    });
  });
}
