import { createApp } from "./app.js";
import { handleQueueBatch } from "./queue/consumer.js";
import type { QueueMessageBody } from "./queue/messages.js";

export { RateLimiter } from "./rate-limit/rate-limiter.js";

const app = createApp();

/** One object serves HTTP (the API) and the generation queue (the consumer). */
export default {
  fetch: app.fetch,
  queue: (batch, env) => handleQueueBatch(batch, env),
} satisfies ExportedHandler<Env, QueueMessageBody>;
