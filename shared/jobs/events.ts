/**
 * Events a running job sends to the edge's internal API (HMAC-signed, see ./callback-client.ts).
 * One schema for both sides: the container builds them, the edge validates them. Each event names
 * the job (edge id), the backend job and the shard, so the edge can aggregate an array job.
 * Delivery is at-least-once (retries), so the edge must treat a repeated event as a no-op:
 * `(jobId, shardIndex, attempt, seq)` identifies one.
 */
import { z } from "zod";
import { jobIdSchema, jobKindSchema } from "./kinds.js";

const shardFields = {
  /** Schema version of the event envelope. */
  eventVersion: z.literal(1),
  jobId: jobIdSchema,
  kind: jobKindSchema,
  /** Backend's id of this job (AWS Batch job id; `<parent>:<index>` for an array child). */
  backendJobId: z.string().min(1).max(256),
  shardIndex: z.number().int().min(0),
  shardCount: z.number().int().min(1),
  /** 1-based attempt (Batch's AWS_BATCH_JOB_ATTEMPT). */
  attempt: z.number().int().min(1),
  /** Monotonic per (shard, attempt): lets the receiver drop duplicates and reorderings. */
  seq: z.number().int().min(0),
  /** ISO-8601 time the event was created. */
  at: z.string().datetime(),
};

export const SHARD_STATES = ["started", "succeeded", "failed"] as const;
export type ShardState = (typeof SHARD_STATES)[number];

export const statusEventSchema = z.object({
  ...shardFields,
  type: z.literal("status"),
  state: z.enum(SHARD_STATES),
  /** Present when state is succeeded/failed. */
  exitCode: z.number().int().optional(),
  /** Human-readable reason on failure (never a stack trace). */
  message: z.string().max(2000).optional(),
  /** Stable error code on failure (e.g. invalid_spec, not_implemented). */
  errorCode: z.string().max(64).optional(),
});

export const progressEventSchema = z.object({
  ...shardFields,
  type: z.literal("progress"),
  /** Items finished in this shard (images, steps...). */
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  /** What the items are. */
  unit: z.enum(["images", "steps", "reports"]),
});

/** One finished output the edge should ingest (it reads it from `uri`, or receives it uploaded). */
export const outputSchema = z.object({
  /** Path relative to the job's outputUri, e.g. `images/000/abc.png`. */
  path: z.string().min(1).max(512),
  uri: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(0),
  contentType: z.string().min(1).max(128),
});

export const resultEventSchema = z.object({
  ...shardFields,
  type: z.literal("result"),
  outputs: z.array(outputSchema).max(1000),
});

export const jobEventSchema = z.discriminatedUnion("type", [statusEventSchema, progressEventSchema, resultEventSchema]);

export type StatusEvent = z.infer<typeof statusEventSchema>;
export type ProgressEvent = z.infer<typeof progressEventSchema>;
export type ResultEvent = z.infer<typeof resultEventSchema>;
export type JobOutput = z.infer<typeof outputSchema>;
export type JobEvent = z.infer<typeof jobEventSchema>;
