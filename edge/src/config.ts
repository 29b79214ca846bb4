/** Edge limits and prices. Config is code: each field says what it does and what it costs. */
export const EDGE_CONFIG = {
  /** Largest JSON body of POST /v1/generations (a report is ≤ 20 000 chars, UTF-8 ≤ 4 B/char). */
  maxGenerationBodyBytes: 96 * 1024,
  /** Largest JSON body of POST /v1/datasets (10 000 reports of a few KB each). */
  maxDatasetBodyBytes: 8 * 1024 * 1024,
  /** Largest image the batch side may upload (a 256² 16-bit DICOM is ~130 KB; headroom for more). */
  maxUploadBytes: 16 * 1024 * 1024,
  /** Credits charged per newly generated image (GPU work). */
  creditsPerGeneratedImage: 10,
  /** Credits charged per image served from the content-addressed cache (no GPU work). */
  creditsPerCachedImage: 1,
  /** Public demo: token bucket per client IP (burst, refill per second). */
  demoRateLimit: { capacity: 10, refillPerSecond: 10 / 60 },
  /** Public demo: generations per client IP per UTC day before paid credits are needed. */
  demoDailyAllowance: 20,
  /** Partner API keys: token bucket per partner. */
  partnerRateLimit: { capacity: 120, refillPerSecond: 20 },
  /** Reports per array-job child when a dataset is sharded (a GPU child runs ~minutes on this). */
  reportsPerShard: 16,
  /** Films per array-job child of a phantom order (CPU simulator, ~tens of ms each at 128 px). */
  phantomImagesPerShard: 500,
  /** Phantom orders always run as at least this many children (when count allows), so shards run in parallel. */
  phantomMinShards: 2,
  /** Bits per sample of phantom films; part of their content key, so fixed here. */
  phantomBitDepth: 16 as 8 | 16,
  /** Attempts of a queue message before it is dead-lettered with its reason. */
  maxQueueAttempts: 6,
  /** Webhook delivery attempts before giving up (with exponential backoff between them). */
  maxWebhookAttempts: 8,
  /** Backoff: first retry delay and cap, in seconds (doubles per attempt). */
  retryBaseSeconds: 10,
  retryMaxSeconds: 3600,
  /** Lifetime of signed download URLs, in seconds. */
  signedUrlTtlSeconds: 15 * 60,
  /** Lifetime of the signed reports URL handed to a batch job (jobs may wait in a queue). */
  jobInputUrlTtlSeconds: 7 * 24 * 3600,
  /** Accepted clock skew / age of internal API signatures, in seconds. */
  internalSignatureToleranceSeconds: 300,
  /** Largest body of the internal model and training routes (a version announcement is ~100 B). */
  maxInternalJsonBodyBytes: 16 * 1024,
  /** Reports one training export answers with when the caller gives no limit (at most MAX_TRAINING_REPORTS). */
  trainingExportDefaultLimit: 1000,
  /** Batch job timeout (s) and attempts per child, passed to the backend. */
  jobTimeoutSeconds: 3600,
  jobAttempts: 3,
  /** Seconds per image assumed for an ETA before any measured progress exists. */
  assumedSecondsPerImage: 2,
} as const;
