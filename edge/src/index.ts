import { createApp } from "./app.js";
import { reconcile } from "./maintenance/reconcile.js";
import { handleQueueBatch } from "./queue/consumer.js";
import type { QueueMessageBody } from "./queue/messages.js";

export { RateLimiter } from "./rate-limit/rate-limiter.js";

const app = createApp();

/** One object serves HTTP (the API), the generation queue (the consumer) and the cron (reconciler). */
export default {
  fetch: app.fetch,
  queue: (batch, env) => handleQueueBatch(batch, env),
  scheduled: async (_controller, env) => {
    await reconcile(env);
  },
} satisfies ExportedHandler<Env, QueueMessageBody>;
