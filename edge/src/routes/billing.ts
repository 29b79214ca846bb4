/**
 * Paid credits through Stripe Checkout. Without Stripe secrets (the local default) every billing
 * call answers 403 payments_disabled. A caller without an API key (the demo) gets a new
 * self-serve partner and key with the checkout URL; credits land when Stripe's signed webhook
 * confirms payment (checkout.session.completed), applied once per session.
 */
import { Hono } from "hono";
import type Stripe from "stripe";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { generateApiKey, generateWebhookSecret } from "../auth/api-key.js";
import { stripeSecrets } from "../billing/payments.js";
import { CENTS_PER_CREDIT, loadStripe } from "../billing/stripe.js";
import { ApiError } from "../errors.js";
import { newId, nowIso } from "../ids.js";
import { authenticate } from "../middleware/authenticate.js";
import { limitBodySize } from "../middleware/body-limit.js";
import { requireContentType } from "../middleware/content-type.js";
import { readJson } from "../middleware/json-body.js";
import { rateLimit } from "../middleware/rate-limit.js";
import { EDGE_CONFIG } from "../config.js";
import { insertApiKey } from "../storage/api-keys.js";
import { grantCreditsOnce, insertPartner } from "../storage/partners.js";

const checkoutSchema = z
  .object({
    credits: z.number().int().min(100).max(1_000_000),
    successUrl: z.string().url().max(2048).optional(),
    cancelUrl: z.string().url().max(2048).optional(),
  })
  .strict();

export const billingRoutes = new Hono<AppEnv>()
  .post(
    "/v1/billing/checkout",
    limitBodySize({ maxBytes: 8 * 1024 }),
    requireContentType({ accept: ["application/json"] }),
    authenticate({ scope: "billing", allowDemo: true }),
    rateLimit({ demo: EDGE_CONFIG.demoRateLimit, partner: EDGE_CONFIG.partnerRateLimit }),
    async (c) => {
      const stripe = stripeSecrets(c.env);
      const body = await readJson(c, checkoutSchema);
      const principal = c.get("principal");
      let partnerId: string;
      let newKey: string | null = null;
      if (principal.kind === "partner") {
        partnerId = principal.partnerId;
      } else {
        partnerId = newId("ptn");
        await insertPartner(c.env.DB, { id: partnerId, name: "self-serve", credits: 0, monthlyImageQuota: null, webhookSecret: generateWebhookSecret(), createdAt: nowIso() });
        const generated = await generateApiKey();
        await insertApiKey(c.env.DB, { id: newId("key"), partnerId, prefix: generated.prefix, secretHash: generated.secretHash, scopes: ["generations", "usage", "billing"], label: "self-serve", createdAt: nowIso() });
        newKey = generated.key;
      }
      const origin = new URL(c.req.url).origin;
      const { client } = await loadStripe(stripe.secretKey);
      const session = await client.checkout.sessions.create({
        mode: "payment",
        client_reference_id: partnerId,
        metadata: { partnerId, credits: String(body.credits) },
        line_items: [{ quantity: body.credits, price_data: { currency: "usd", unit_amount: CENTS_PER_CREDIT, product_data: { name: "CXR synthesis credits" } } }],
        success_url: body.successUrl ?? `${origin}/docs?checkout=success`,
        cancel_url: body.cancelUrl ?? `${origin}/docs?checkout=cancelled`,
      });
      return c.json({ checkoutUrl: session.url, sessionId: session.id, partnerId, ...(newKey ? { apiKey: newKey } : {}) }, 201);
    },
  )
  .post("/v1/billing/stripe-webhook", limitBodySize({ maxBytes: 256 * 1024 }), async (c) => {
    const stripe = stripeSecrets(c.env);
    const signature = c.req.header("stripe-signature");
    if (!signature) throw new ApiError(400, "stripe_signature_missing", "The Stripe-Signature header is missing.");
    const payload = await c.req.text();
    const kit = await loadStripe(stripe.secretKey);
    let event: Stripe.Event;
    try {
      event = await kit.client.webhooks.constructEventAsync(payload, signature, stripe.webhookSecret, undefined, kit.cryptoProvider);
    } catch {
      throw new ApiError(400, "stripe_signature_invalid", "The Stripe signature does not verify for this payload.");
    }
    if (event.type !== "checkout.session.completed") return c.json({ received: true, applied: false });
    const session = event.data.object;
    const partnerId = session.metadata?.partnerId;
    const credits = Number(session.metadata?.credits);
    if (session.payment_status !== "paid" || !partnerId || !Number.isInteger(credits) || credits <= 0) return c.json({ received: true, applied: false });
    const applied = await grantCreditsOnce(c.env.DB, { externalId: `stripe:${session.id}`, partnerId, credits, source: "stripe", at: nowIso() });
    return c.json({ received: true, applied });
  });
