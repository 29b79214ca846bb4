/**
 * Array-job sharding. AWS Batch gives each child AWS_BATCH_JOB_ARRAY_INDEX (0-based) but not the
 * array size, so the submitter also passes CXR_ARRAY_SIZE; the local runner sets both. A child
 * takes a contiguous block of items; blocks differ in size by at most one and cover every item
 * exactly once (tested property), so a retried shard recomputes exactly the same block.
 */

export interface Shard {
  index: number;
  count: number;
}

export interface ItemRange {
  /** First item (inclusive). */
  start: number;
  /** One past the last item. */
  end: number;
}

/** Items [start, end) of shard `index` out of `count`, for `total` items. */
export function shardRange(total: number, shard: Shard): ItemRange {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count must be a positive integer, got ${count}`);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`shard index ${index} outside 0..${count - 1}`);
  const base = Math.floor(total / count);
  const extra = total % count;
  const start = index * base + Math.min(index, extra);
  return { start, end: start + base + (index < extra ? 1 : 0) };
}

/** Environment variable names, shared by the runner, the AWS backend and the containers. */
export const BATCH_ENV = {
  jobId: "AWS_BATCH_JOB_ID",
  arrayIndex: "AWS_BATCH_JOB_ARRAY_INDEX",
  /** Ours: Batch does not expose the array size to children. */
  arraySize: "CXR_ARRAY_SIZE",
  attempt: "AWS_BATCH_JOB_ATTEMPT",
  queue: "AWS_BATCH_JQ_NAME",
  computeEnvironment: "AWS_BATCH_CE_NAME",
  /** Ours: where to send status/progress events (edge internal API base URL); unset = log only. */
  callbackUrl: "CXR_CALLBACK_URL",
  /**
   * Ours: the edge's base URL for calls a job makes on its own behalf (production announcements,
   * training prompts), unset = CXR_CALLBACK_URL. Unlike CXR_CALLBACK_URL it does not make the job
   * report its events, which the edge refuses for jobs it did not submit (nightly fine-tune).
   */
  edgeUrl: "CXR_EDGE_URL",
  /** Ours: HMAC secret for the internal API (injected from Secrets Manager on AWS). */
  callbackSecret: "CXR_CALLBACK_SECRET",
  /** Ours: the model registry root (file:///… or s3://bucket/models-root/). */
  registryUri: "CXR_REGISTRY_URI",
} as const;

/** Reads this process's shard from Batch-style variables; a plain (non-array) job is shard 0 of 1. */
export function shardFromEnv(env: Record<string, string | undefined>): Shard {
  const rawIndex = env[BATCH_ENV.arrayIndex];
  const rawSize = env[BATCH_ENV.arraySize];
  if (rawIndex === undefined || rawIndex === "") return { index: 0, count: 1 };
  const index = Number(rawIndex);
  const count = rawSize === undefined || rawSize === "" ? NaN : Number(rawSize);
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`${BATCH_ENV.arrayIndex}=${rawIndex} is set but ${BATCH_ENV.arraySize} is missing or invalid (${rawSize}); the submitter must set it`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`${BATCH_ENV.arrayIndex}=${rawIndex} outside 0..${count - 1}`);
  }
  return { index, count };
}
