/** Sending to the work queue and the dead-letter queue (the only modules touching Queue bindings). */
import type { QueueMessageBody } from "../queue/messages.js";

export async function enqueueWork(queue: Queue, body: QueueMessageBody, delaySeconds?: number): Promise<void> {
  await queue.send(body, delaySeconds === undefined ? undefined : { delaySeconds });
}

export async function sendToDeadLetterQueue(queue: Queue, body: unknown, reason: string): Promise<void> {
  await queue.send({ reason, body });
}
