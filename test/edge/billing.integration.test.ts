import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { createApp } from "../../edge/src/app.js";
import { call, createPartner, freshIp, json, partnerCredits } from "./helpers/api.js";

const STRIPE_ENV = { ...env, STRIPE_SECRET_KEY: "sk_test_local", STRIPE_WEBHOOK_SECRET: "whsec_local_test" };
const stripe = new Stripe("sk_test_local", { httpClient: Stripe.createFetchHttpClient() });

async function postWebhook(payload: string, signature: string | null): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature) headers["stripe-signature"] = signature;
  return createApp().fetch(new Request("http://edge.test/v1/billing/stripe-webhook", { method: "POST", headers, body: payload }), STRIPE_ENV, createExecutionContext());
}

function checkoutCompleted(sessionId: string, partnerId: string, credits: number): string {
  return JSON.stringify({
    id: `evt_${sessionId}`,
    object: "event",
    type: "checkout.session.completed",
    data: { object: { id: sessionId, object: "checkout.session", payment_status: "paid", metadata: { partnerId, credits: String(credits) } } },
  });
}

describe("paid credits", () => {
  it("are off without Stripe keys, with a stable code", async () => {
    const partner = await createPartner();
    for (const headers of [partner.auth, freshIp()]) {
      const res = await call("/v1/billing/checkout", json({ credits: 500 }, headers));
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "payments_disabled" } });
    }
    const hook = await call("/v1/billing/stripe-webhook", json({}));
    expect(await hook.json()).toMatchObject({ error: { code: "payments_disabled" } });
  });

  it("credit a partner once per verified checkout session", async () => {
    const partner = await createPartner({ credits: 0 });
    const payload = checkoutCompleted("cs_test_1", partner.id, 700);
    const signature = await stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: STRIPE_ENV.STRIPE_WEBHOOK_SECRET, cryptoProvider: Stripe.createSubtleCryptoProvider() });
    const first = await postWebhook(payload, signature);
    expect(await first.json()).toEqual({ received: true, applied: true });
    const replay = await postWebhook(payload, signature);
    expect(await replay.json()).toEqual({ received: true, applied: false });
    expect(await partnerCredits(partner.id)).toBe(700);
  });

  it("refuse unsigned or forged Stripe webhooks", async () => {
    const partner = await createPartner({ credits: 0 });
    const payload = checkoutCompleted("cs_test_2", partner.id, 1_000_000);
    const forged = await stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: "whsec_attacker", cryptoProvider: Stripe.createSubtleCryptoProvider() });
    expect(await (await postWebhook(payload, forged)).json()).toMatchObject({ error: { code: "stripe_signature_invalid" } });
    expect(await (await postWebhook(payload, null)).json()).toMatchObject({ error: { code: "stripe_signature_missing" } });
    expect(await partnerCredits(partner.id)).toBe(0);
  });
});
