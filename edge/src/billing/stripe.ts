/** Stripe with the fetch HTTP client and SubtleCrypto (no Node APIs), as the Workers runtime needs. */
import Stripe from "stripe";

export function stripeClient(secretKey: string, fetchFn?: typeof fetch): Stripe {
  return new Stripe(secretKey, { httpClient: Stripe.createFetchHttpClient(fetchFn) });
}

export const subtleCryptoProvider: ReturnType<typeof Stripe.createSubtleCryptoProvider> = Stripe.createSubtleCryptoProvider();

/** Price of one credit in the smallest currency unit (USD cents). */
export const CENTS_PER_CREDIT = 1;
