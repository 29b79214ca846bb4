/**
 * The queue consumer. Each message is handled on its own (concurrently within a batch) and then
 * acked, retried with exponential backoff, or dead-lettered with its reason recorded in D1 and the
 * message copied to the dead-letter queue. Delivery is at-least-once, so every handler is
 * idempotent: job ids derive from the generation/dataset id, the backend dedupes on the job id,
 * and charges are ledger rows with unique event keys.
 */
import type { BatchBackend } from "../../../shared/jobs/index.js";
import { EDGE_CONFIG } from "../config.js";
import { nowIso } from "../ids.js";
import { requireSecret } from "../secrets.js";
import { recordDeadLetter } from "../storage/dead-letters.js";
import { sendToDeadLetterQueue } from "../storage/queue.js";
import { backendFromEnv } from "./backends.js";
import { backoffSeconds } from "./backoff.js";
import { failDataset } from "../lifecycle/dataset.js";
import { failGeneration } from "../lifecycle/generation.js";
import { handleGenerationMessage } from "./handle-generation.js";
import { handleDatasetMessage } from "./handle-dataset.js";
import { handleWebhookMessage, type WebhookFetch } from "./handle-webhook.js";
import { queueMessageSchema, type QueueMessageBody } from "./messages.js";
import type { MessageOutcome } from "./outcome.js";
import { formatIssues } from "../../../shared/validation/format-issues.js";

export interface ConsumerDeps {
  backend: BatchBackend;
  sendWebhook: WebhookFetch;
  /** Origin the batch side reaches this edge at (signed job-input URLs). */
  publicOrigin: string;
}

export function defaultConsumerDeps(env: Env): ConsumerDeps {
  return { backend: backendFromEnv(env), sendWebhook: (url, init) => fetch(url, init), publicOrigin: env.PUBLIC_ORIGIN };
}

async function dispatch(env: Env, deps: ConsumerDeps, body: QueueMessageBody): Promise<MessageOutcome> {
  const ctx = { modelName: env.MODEL_NAME, outputUri: env.BATCH_OUTPUT_URI };
  switch (body.type) {
    case "generation":
      return handleGenerationMessage(env.DB, deps.backend, ctx, body.generationId);
    case "dataset":
      return handleDatasetMessage(env, deps.backend, { ...ctx, publicOrigin: deps.publicOrigin, urlSigningSecret: requireSecret(env, "URL_SIGNING_SECRET") }, body.datasetId);
    case "webhook":
      return handleWebhookMessage(env.DB, body.deliveryId, deps.sendWebhook);
  }
}

/** What to mark failed when a message is given up on, so no record stays "queued" forever. */
async function onGiveUp(env: Env, body: QueueMessageBody, reason: string): Promise<void> {
  if (body.type === "generation") await failGeneration(env.DB, body.generationId, { errorCode: "submission_failed", errorMessage: reason.slice(0, 500) });
  if (body.type === "dataset") await failDataset(env, body.datasetId, { reason });
}

async function deadLetter(env: Env, message: Message<unknown>, reason: string): Promise<void> {
  const body = safeStringify(message.body);
  await recordDeadLetter(env.DB, { messageId: message.id, body, reason: reason.slice(0, 2000), attempts: message.attempts, createdAt: nowIso() });
  await sendToDeadLetterQueue(env.DEAD_LETTER_QUEUE, message.body, reason.slice(0, 2000));
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 10_000) ?? "undefined";
  } catch {
    return String(value).slice(0, 10_000);
  }
}

export async function handleMessage(env: Env, deps: ConsumerDeps, message: Message<unknown>): Promise<void> {
  const parsed = queueMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    await deadLetter(env, message, `malformed message: ${formatIssues(parsed.error, "(body)").join("; ")}`);
    message.ack();
    return;
  }
  let outcome: MessageOutcome;
  try {
    outcome = await dispatch(env, deps, parsed.data);
  } catch (err) {
    outcome = { kind: "retry", reason: err instanceof Error ? err.message : String(err) };
  }
  if (outcome.kind === "retry" && message.attempts >= EDGE_CONFIG.maxQueueAttempts) {
    outcome = { kind: "dead", reason: `gave up after ${message.attempts} attempts; last error: ${outcome.reason}` };
  }
  switch (outcome.kind) {
    case "done":
      message.ack();
      return;
    case "retry":
      message.retry({ delaySeconds: outcome.delaySeconds ?? backoffSeconds(message.attempts) });
      return;
    case "dead":
      await onGiveUp(env, parsed.data, outcome.reason);
      await deadLetter(env, message, outcome.reason);
      message.ack();
  }
}

export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env, deps: ConsumerDeps = defaultConsumerDeps(env)): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        await handleMessage(env, deps, message);
      } catch (err) {
        // Even recording the failure failed (D1 down): let the platform redeliver later.
        console.error("queue message handling failed", message.id, err);
        message.retry({ delaySeconds: backoffSeconds(message.attempts) });
      }
    }),
  );
}
