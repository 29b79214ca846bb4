/**
 * No AWS Batch emulator exists, so the request shapes are verified with aws-sdk-client-mock:
 * what SubmitJob/DescribeJobs/TerminateJob receive and how their answers are mapped.
 */
import { BatchClient, DescribeJobsCommand, ListJobsCommand, SubmitJobCommand, TerminateJobCommand } from "@aws-sdk/client-batch";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { AwsBatchBackend, IDEMPOTENCY_TAG } from "../../../batch-jobs/backends/aws-batch-backend.js";
import type { SubmitRequest } from "../../../shared/jobs/backend.js";
import { BATCH_EVALUATE_ON_EXIT } from "../../../shared/jobs/retry-policy.js";

const batch = mockClient(BatchClient);
const QUEUE = "arn:aws:batch:eu-west-1:123456789012:job-queue/cxr-gpu";
const defs = { phantom: "cxr-phantom", generate: "cxr-generate", finetune: "cxr-finetune", train: "cxr-train", evaluate: "cxr-evaluate" };
const backend = () => new AwsBatchBackend({ client: new BatchClient({ region: "eu-west-1" }), jobQueue: QUEUE, jobDefinitions: defs, defaultTags: { project: "cxr" } });

const phantomRequest = (overrides: Partial<SubmitRequest> = {}): SubmitRequest => ({
  kind: "phantom",
  jobName: "ds-42",
  idempotencyToken: "tok-42",
  arraySize: 4,
  timeoutSeconds: 3600,
  attempts: 4,
  tags: { partner: "p1" },
  spec: { specVersion: 1, kind: "phantom", jobId: "ds-42", outputUri: "s3://cxr-data/datasets/ds-42/", count: 100, seed: 7 },
  ...overrides,
});

beforeEach(() => {
  batch.reset();
  batch.on(ListJobsCommand).resolves({ jobSummaryList: [] });
});

describe("AwsBatchBackend.submit", () => {
  it("sends an array job with container overrides, retry strategy, timeout and tags", async () => {
    batch.on(SubmitJobCommand).resolves({ jobId: "job-123", jobName: "ds-42" });
    const result = await backend().submit(phantomRequest());
    expect(result).toEqual({ backendJobId: "job-123", deduplicated: false });

    expect(batch.commandCalls(ListJobsCommand)[0]!.args[0].input).toEqual({ jobQueue: QUEUE, filters: [{ name: "JOB_NAME", values: ["ds-42"] }] });
    const input = batch.commandCalls(SubmitJobCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      jobName: "ds-42",
      jobQueue: QUEUE,
      jobDefinition: "cxr-phantom",
      arrayProperties: { size: 4 },
      retryStrategy: { attempts: 4, evaluateOnExit: BATCH_EVALUATE_ON_EXIT },
      timeout: { attemptDurationSeconds: 3600 },
      propagateTags: true,
      tags: { project: "cxr", partner: "p1", "cxr:job-id": "ds-42", "cxr:kind": "phantom", [IDEMPOTENCY_TAG]: "tok-42" },
    });
    expect(input.retryStrategy!.evaluateOnExit![0]).toEqual({ action: "RETRY", onStatusReason: "Host EC2*" });
    expect(input.retryStrategy!.evaluateOnExit!.at(-1)).toEqual({ action: "EXIT", onReason: "*" });
    expect(input.containerOverrides!.environment).toEqual([{ name: "CXR_ARRAY_SIZE", value: "4" }]);
    const [kind, flag, uri] = input.containerOverrides!.command!;
    expect([kind, flag]).toEqual(["phantom", "--spec"]);
    const decoded = JSON.parse(Buffer.from(uri!.replace("data:application/json;base64,", ""), "base64").toString("utf8"));
    // The spec travels with its defaults applied, exactly as the container will validate it.
    expect(decoded).toMatchObject({ kind: "phantom", jobId: "ds-42", count: 100, size: 128, format: "png", simulator: {} });
  });

  it("omits arrayProperties for a single job and timeout when not asked", async () => {
    batch.on(SubmitJobCommand).resolves({ jobId: "job-1" });
    await backend().submit(phantomRequest({ arraySize: 1, timeoutSeconds: undefined }));
    const input = batch.commandCalls(SubmitJobCommand)[0]!.args[0].input;
    expect(input.arrayProperties).toBeUndefined();
    expect(input.timeout).toBeUndefined();
    expect(input.retryStrategy!.attempts).toBe(4);
  });

  it("returns the existing job when a job with the same name carries the same token", async () => {
    batch.on(ListJobsCommand).resolves({ jobSummaryList: [{ jobId: "old-1", jobName: "ds-42" }, { jobId: "old-2", jobName: "ds-42" }] });
    batch.on(DescribeJobsCommand).resolves({
      jobs: [
        { jobId: "old-1", jobName: "ds-42", jobQueue: QUEUE, status: "FAILED", startedAt: 1, jobDefinition: "d", tags: { [IDEMPOTENCY_TAG]: "other" } },
        { jobId: "old-2", jobName: "ds-42", jobQueue: QUEUE, status: "RUNNING", startedAt: 1, jobDefinition: "d", tags: { [IDEMPOTENCY_TAG]: "tok-42" } },
      ],
    });
    expect(await backend().submit(phantomRequest())).toEqual({ backendJobId: "old-2", deduplicated: true });
    expect(batch.commandCalls(SubmitJobCommand)).toHaveLength(0);
  });

  it("rejects invalid requests before calling AWS", async () => {
    await expect(backend().submit(phantomRequest({ arraySize: 20_000 }))).rejects.toMatchObject({ code: "invalid_request" });
    await expect(backend().submit(phantomRequest({ spec: { kind: "phantom" } as never }))).rejects.toMatchObject({ code: "invalid_request" });
    expect(batch.calls()).toHaveLength(0);
  });

  it("rejects a spec too large to travel inline", async () => {
    const reports = Array.from({ length: 64 }, (_, i) => ({ id: `r${i}`, text: "x".repeat(300) }));
    const request: SubmitRequest = {
      kind: "generate", jobName: "g", idempotencyToken: "t", arraySize: 1,
      spec: { specVersion: 1, kind: "generate", jobId: "g", outputUri: "s3://cxr-data/g/", model: { name: "cxr", alias: "production" }, reports, seed: 1 },
    };
    await expect(backend().submit(request)).rejects.toThrow(/inline limit.*reportsUri/);
  });

  it("maps AWS errors: ClientException → rejected, throttling → unavailable (retryable)", async () => {
    batch.on(SubmitJobCommand).rejects(Object.assign(new Error("queue not found"), { name: "ClientException" }));
    await expect(backend().submit(phantomRequest())).rejects.toMatchObject({ code: "rejected" });
    batch.on(SubmitJobCommand).rejects(Object.assign(new Error("slow down"), { name: "TooManyRequestsException" }));
    const err = await backend().submit(phantomRequest()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "unavailable", retryable: true });
  });
});

describe("AwsBatchBackend.describe / cancel", () => {
  it("maps array parents and children to backend statuses", async () => {
    batch.on(DescribeJobsCommand).resolves({
      jobs: [
        {
          jobId: "p", jobName: "ds-42", jobQueue: QUEUE, status: "RUNNING", startedAt: 1_700_000_000_000, createdAt: 1_699_999_999_000, jobDefinition: "d",
          arrayProperties: { size: 4, statusSummary: { SUCCEEDED: 2, RUNNING: 1, RUNNABLE: 1, FAILED: 0 } },
        },
        {
          jobId: "p:3", jobName: "ds-42", jobQueue: QUEUE, status: "FAILED", startedAt: 1_700_000_000_000, stoppedAt: 1_700_000_100_000, jobDefinition: "d",
          statusReason: "Essential container in task exited", container: { exitCode: 65 },
          attempts: [{ container: { exitCode: 65 } }],
        },
      ],
    });
    const [parent, child] = await backend().describe(["p", "p:3"]);
    expect(parent).toEqual({
      backendJobId: "p", jobName: "ds-42", state: "running", attempts: 0,
      array: { size: 4, byState: { succeeded: 2, running: 1, runnable: 1 } },
      createdAt: "2023-11-14T22:13:19.000Z", startedAt: "2023-11-14T22:13:20.000Z",
    });
    expect(child).toMatchObject({ state: "failed", exitCode: 65, attempts: 1, statusReason: "Essential container in task exited", stoppedAt: "2023-11-14T22:15:00.000Z" });
  });

  it("describes in chunks of 100 ids", async () => {
    batch.on(DescribeJobsCommand).resolves({ jobs: [] });
    await backend().describe(Array.from({ length: 250 }, (_, i) => `j${i}`));
    expect(batch.commandCalls(DescribeJobsCommand).map((c) => c.args[0].input.jobs!.length)).toEqual([100, 100, 50]);
  });

  it("cancels with TerminateJob (stops running jobs too)", async () => {
    batch.on(TerminateJobCommand).resolves({});
    await backend().cancel("p", "partner deleted the dataset");
    expect(batch.commandCalls(TerminateJobCommand)[0]!.args[0].input).toEqual({ jobId: "p", reason: "partner deleted the dataset" });
  });
});
