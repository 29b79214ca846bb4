import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { createApp } from "../../edge/src/app.js";
import { call, createPartner, freshIp, json, partnerCredits, REPORT } from "./helpers/api.js";

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

  it("let a demo user buy credits: checkout creates an account, the webhook funds it, the key works", async () => {
    const stripeCalls: Array<{ url: string; form: URLSearchParams }> = [];
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      stripeCalls.push({ url: request.url, form: new URLSearchParams(await request.text()) });
      return Response.json({ id: "cs_test_demo", object: "checkout.session", url: "https://checkout.stripe.com/c/pay/cs_test_demo" });
    });
    let body: { checkoutUrl: string; partnerId: string; apiKey: string };
    try {
      const res = await createApp().fetch(
        new Request("http://edge.test/v1/billing/checkout", { method: "POST", headers: { "content-type": "application/json", ...freshIp() }, body: JSON.stringify({ credits: 300 }) }),
        STRIPE_ENV,
        createExecutionContext(),
      );
      expect(res.status).toBe(201);
      body = (await res.json()) as typeof body;
    } finally {
      spy.mockRestore();
    }
    expect(body.checkoutUrl).toBe("https://checkout.stripe.com/c/pay/cs_test_demo");
    expect(body.apiKey).toMatch(/^cxr_/);
    expect(stripeCalls).toHaveLength(1);
    expect(stripeCalls[0]!.url).toBe("https://api.stripe.com/v1/checkout/sessions");
    expect(stripeCalls[0]!.form.get("metadata[partnerId]")).toBe(body.partnerId);
    expect(stripeCalls[0]!.form.get("line_items[0][quantity]")).toBe("300");

    const auth = { authorization: `Bearer ${body.apiKey}` };
    expect((await call("/v1/generations", json({ report: REPORT, seed: 4242 }, auth))).status).toBe(402);
    const payload = checkoutCompleted("cs_test_demo", body.partnerId, 300);
    const signature = await stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: STRIPE_ENV.STRIPE_WEBHOOK_SECRET, cryptoProvider: Stripe.createSubtleCryptoProvider() });
    expect(await (await postWebhook(payload, signature)).json()).toEqual({ received: true, applied: true });
    expect((await call("/v1/generations", json({ report: REPORT, seed: 4242 }, auth))).status).toBe(202);
    expect(await partnerCredits(body.partnerId)).toBe(290);
  });
});
