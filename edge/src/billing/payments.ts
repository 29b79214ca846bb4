import { ApiError } from "../errors.js";

/** Paid credits need both Stripe secrets; without them (the local default) payments are off. */
export function paymentsEnabled(env: Env): boolean {
  return Boolean(env.STRIPE_SECRET_KEY) && Boolean(env.STRIPE_WEBHOOK_SECRET);
}

/** The Stripe secrets, or 403 payments_disabled when they are not configured. */
export function stripeSecrets(env: Env): { secretKey: string; webhookSecret: string } {
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) {
    throw new ApiError(403, "payments_disabled", "Paid credits are not enabled on this deployment (no Stripe keys configured).");
  }
  return { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET };
}
