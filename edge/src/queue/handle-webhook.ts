/** Delivers one signed partner webhook; non-2xx or network errors are retried with backoff. */
import { WEBHOOK_SIGNATURE_HEADER } from "../../../shared/api/index.js";
import { signPayload } from "../../../shared/crypto/index.js";
import { EDGE_CONFIG } from "../config.js";
import { nowIso, nowSeconds } from "../ids.js";
import { getPartner } from "../storage/partners.js";
import { getDelivery, recordDeliveryAttempt } from "../storage/webhooks.js";
import { backoffSeconds } from "./backoff.js";
import { DONE, type MessageOutcome } from "./outcome.js";

export type WebhookFetch = (url: string, init: RequestInit) => Promise<Response>;

export async function handleWebhookMessage(db: D1Database, deliveryId: string, send: WebhookFetch): Promise<MessageOutcome> {
  const delivery = await getDelivery(db, deliveryId);
  if (!delivery) return { kind: "dead", reason: `webhook delivery ${deliveryId} does not exist` };
  if (delivery.status !== "pending") return DONE;
  const partner = await getPartner(db, delivery.partnerId);
  if (!partner) return { kind: "dead", reason: `partner ${delivery.partnerId} of delivery ${deliveryId} does not exist` };
  const signature = await signPayload(partner.webhookSecret, delivery.body, nowSeconds());
  let httpStatus: number | null = null;
  let error: string | null = null;
  try {
    const res = await send(delivery.url, {
      method: "POST",
      headers: { "content-type": "application/json", [WEBHOOK_SIGNATURE_HEADER]: signature, "user-agent": "cxr-synth-webhooks/1" },
      body: delivery.body,
      signal: AbortSignal.timeout(10_000),
    });
    httpStatus = res.status;
    await res.body?.cancel();
    if (res.ok) {
      await recordDeliveryAttempt(db, deliveryId, { status: "delivered", httpStatus, error: null }, nowIso());
      return DONE;
    }
    error = `endpoint answered ${res.status}`;
  } catch (err) {
    error = `request failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  const attempts = delivery.attempts + 1;
  const giveUp = attempts >= EDGE_CONFIG.maxWebhookAttempts;
  await recordDeliveryAttempt(db, deliveryId, { status: giveUp ? "failed" : "pending", httpStatus, error }, nowIso());
  if (giveUp) return { kind: "dead", reason: `webhook ${deliveryId} gave up after ${attempts} attempts: ${error}` };
  return { kind: "retry", reason: error ?? "unknown", delaySeconds: backoffSeconds(attempts) };
}
