/**
 * Stripe with the fetch HTTP client and SubtleCrypto (no Node APIs), as the Workers runtime needs.
 * The SDK is large, so it is loaded on first use: requests that never touch billing (nearly all)
 * do not pay for parsing it.
 */
import type Stripe from "stripe";

/** Price of one credit in the smallest currency unit (USD cents). */
export const CENTS_PER_CREDIT = 1;

export interface StripeKit {
  client: Stripe;
  cryptoProvider: ReturnType<typeof Stripe.createSubtleCryptoProvider>;
}

export async function loadStripe(secretKey: string): Promise<StripeKit> {
  const { default: StripeSdk } = await import("stripe");
  return {
    client: new StripeSdk(secretKey, { httpClient: StripeSdk.createFetchHttpClient() }),
    cryptoProvider: StripeSdk.createSubtleCryptoProvider(),
  };
}
