/**
 * BatchBackend on AWS Batch (@aws-sdk/client-batch). A submit becomes one SubmitJob: array
 * properties for N ≥ 2 shards, a container override carrying `<kind> --spec data:…` and
 * CXR_ARRAY_SIZE (Batch tells children their index but not the array size), the shared retry
 * strategy (spot reclaims and exit 75/143 retried, everything else fails), an attempt timeout and
 * tags propagated to the ECS tasks.
 *
 * Idempotency: Batch's SubmitJob has no client token, so the token is stored as a tag and, before
 * submitting, jobs with the same name in the queue are listed (ListJobs, JOB_NAME filter) and
 * checked for that tag. This is check-then-act, not atomic: two submits with the same token in
 * the same instant could both start a job. The edge's queue consumer delivers one message at a
 * time per dataset, which makes that race unlikely; the job outputs are idempotent anyway (same
 * keys, same bytes), so a duplicate wastes GPU time but never duplicates results.
 */
import {
  BatchClient,
  DescribeJobsCommand,
  ListJobsCommand,
  SubmitJobCommand,
  TerminateJobCommand,
  type JobDetail,
  type SubmitJobCommandInput,
} from "@aws-sdk/client-batch";
import { BackendError, type BackendJobState, type BackendJobStatus, type BatchBackend, type SubmitRequest, type SubmitResult } from "../../shared/jobs/backend.js";
import type { JobKind } from "../../shared/jobs/kinds.js";
import { BATCH_EVALUATE_ON_EXIT, DEFAULT_ATTEMPTS } from "../../shared/jobs/retry-policy.js";
import { BATCH_ENV } from "../../shared/jobs/sharding.js";
import { validateSubmitRequest } from "../../shared/jobs/submit-validation.js";

export const IDEMPOTENCY_TAG = "cxr:idempotency-token";
/** Keep the inline spec well under Batch's limit on container overrides. */
export const MAX_INLINE_SPEC_BYTES = 16 * 1024;

export interface AwsBatchBackendOptions {
  client: BatchClient;
  /** Job queue name or ARN (infra/ outputs it). */
  jobQueue: string;
  /** Job definition name (latest active revision) or ARN per kind (infra/ outputs them). */
  jobDefinitions: Record<JobKind, string>;
  /** Tags added to every job (e.g. { project: "cxr", env: "prod" }). */
  defaultTags?: Record<string, string>;
}

export class AwsBatchBackend implements BatchBackend {
  constructor(private readonly options: AwsBatchBackendOptions) {}

  async submit(request: SubmitRequest): Promise<SubmitResult> {
    const spec = validateSubmitRequest(request);
    const specUri = `data:application/json;base64,${Buffer.from(JSON.stringify(spec)).toString("base64")}`;
    if (specUri.length > MAX_INLINE_SPEC_BYTES) {
      throw new BackendError("invalid_request", `The ${request.kind} spec is ${specUri.length} bytes encoded, over the ${MAX_INLINE_SPEC_BYTES}-byte inline limit; put large inputs in the object store and reference them by URI (e.g. reportsUri).`);
    }
    const existing = await this.findByToken(request.jobName, request.idempotencyToken);
    if (existing) return { backendJobId: existing, deduplicated: true };

    const input: SubmitJobCommandInput = {
      jobName: request.jobName,
      jobQueue: this.options.jobQueue,
      jobDefinition: this.options.jobDefinitions[request.kind],
      ...(request.arraySize > 1 ? { arrayProperties: { size: request.arraySize } } : {}),
      containerOverrides: {
        command: [request.kind, "--spec", specUri],
        environment: [{ name: BATCH_ENV.arraySize, value: String(request.arraySize) }],
      },
      retryStrategy: {
        attempts: request.attempts ?? DEFAULT_ATTEMPTS,
        evaluateOnExit: BATCH_EVALUATE_ON_EXIT.map((r) => ({ ...r })),
      },
      ...(request.timeoutSeconds !== undefined ? { timeout: { attemptDurationSeconds: request.timeoutSeconds } } : {}),
      tags: {
        ...this.options.defaultTags,
        ...request.tags,
        "cxr:job-id": spec.jobId,
        "cxr:kind": request.kind,
        [IDEMPOTENCY_TAG]: request.idempotencyToken,
      },
      propagateTags: true,
    };
    const out = await this.send(() => this.options.client.send(new SubmitJobCommand(input)));
    if (!out.jobId) throw new BackendError("unavailable", "AWS Batch accepted the job but returned no jobId.");
    return { backendJobId: out.jobId, deduplicated: false };
  }

  async describe(backendJobIds: readonly string[]): Promise<BackendJobStatus[]> {
    const out: BackendJobStatus[] = [];
    for (let i = 0; i < backendJobIds.length; i += 100) {
      const chunk = backendJobIds.slice(i, i + 100);
      const res = await this.send(() => this.options.client.send(new DescribeJobsCommand({ jobs: [...chunk] })));
      for (const job of res.jobs ?? []) out.push(toStatus(job));
    }
    return out;
  }

  async cancel(backendJobId: string, reason: string): Promise<void> {
    // TerminateJob also stops RUNNING/STARTING jobs (CancelJob only affects queued ones); on an
    // array parent it terminates every child.
    await this.send(() => this.options.client.send(new TerminateJobCommand({ jobId: backendJobId, reason: reason.slice(0, 1024) })));
  }

  private async findByToken(jobName: string, token: string): Promise<string | undefined> {
    const listed = await this.send(() =>
      this.options.client.send(new ListJobsCommand({ jobQueue: this.options.jobQueue, filters: [{ name: "JOB_NAME", values: [jobName] }] })),
    );
    const ids = (listed.jobSummaryList ?? []).map((j) => j.jobId).filter((id): id is string => !!id);
    if (ids.length === 0) return undefined;
    const described = await this.send(() => this.options.client.send(new DescribeJobsCommand({ jobs: ids.slice(0, 100) })));
    return described.jobs?.find((j) => j.tags?.[IDEMPOTENCY_TAG] === token)?.jobId;
  }

  private async send<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw mapAwsError(err);
    }
  }
}

function toStatus(job: JobDetail): BackendJobStatus {
  const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : undefined);
  const status: BackendJobStatus = {
    backendJobId: job.jobId ?? "",
    jobName: job.jobName ?? "",
    state: (job.status ?? "SUBMITTED").toLowerCase() as BackendJobState,
    attempts: job.attempts?.length ?? 0,
  };
  if (job.statusReason) status.statusReason = job.statusReason;
  const exitCode = job.container?.exitCode ?? job.attempts?.at(-1)?.container?.exitCode;
  if (exitCode !== undefined) status.exitCode = exitCode;
  const summary = job.arrayProperties?.statusSummary;
  if (job.arrayProperties?.size !== undefined) {
    const byState: Partial<Record<BackendJobState, number>> = {};
    for (const [k, v] of Object.entries(summary ?? {})) if (v) byState[k.toLowerCase() as BackendJobState] = v;
    status.array = { size: job.arrayProperties.size, byState };
  }
  const createdAt = iso(job.createdAt);
  const startedAt = iso(job.startedAt);
  const stoppedAt = iso(job.stoppedAt);
  if (createdAt) status.createdAt = createdAt;
  if (startedAt) status.startedAt = startedAt;
  if (stoppedAt) status.stoppedAt = stoppedAt;
  return status;
}

/** ClientException = our request is wrong or not allowed; everything else is worth retrying. */
export function mapAwsError(err: unknown): BackendError {
  if (err instanceof BackendError) return err;
  const name = (err as { name?: string }).name ?? "Error";
  const message = (err as Error).message ?? String(err);
  if (name === "ClientException") return new BackendError("rejected", `AWS Batch rejected the request: ${message}`);
  if (name === "AccessDeniedException" || name === "UnrecognizedClientException") {
    return new BackendError("rejected", `AWS Batch refused access (${name}): check the submitter's IAM policy. ${message}`);
  }
  return new BackendError("unavailable", `AWS Batch is unavailable (${name}): ${message}`);
}

/** A client with the SDK's standard retry (throttling, 5xx) — the edge's queue retries on top. */
export function defaultBatchClient(region: string): BatchClient {
  return new BatchClient({ region, maxAttempts: 5, retryMode: "standard" });
}
