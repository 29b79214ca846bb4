/** Messages on the generation queue: small references; the state they point to lives in D1. */
import { z } from "zod";

export const queueMessageSchema = z.discriminatedUnion("type", [
  /** Submit the GPU job of one cache-missed generation. */
  z.object({ type: z.literal("generation"), generationId: z.string().min(1).max(64) }).strict(),
  /** Shard and submit a dataset order as one array job. */
  z.object({ type: z.literal("dataset"), datasetId: z.string().min(1).max(64) }).strict(),
  /** Deliver (or retry) a partner webhook. */
  z.object({ type: z.literal("webhook"), deliveryId: z.string().min(1).max(64) }).strict(),
]);
export type QueueMessageBody = z.infer<typeof queueMessageSchema>;
