/** Paid credits need both Stripe secrets; without them (the local default) payments are off. */
export function paymentsEnabled(env: Env): boolean {
  return Boolean(env.STRIPE_SECRET_KEY) && Boolean(env.STRIPE_WEBHOOK_SECRET);
}
