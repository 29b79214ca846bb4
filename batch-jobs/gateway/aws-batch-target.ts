/** The runner protocol's target backed by AWS Batch (what the gateway Lambda serves). */
import type { BatchClient } from "@aws-sdk/client-batch";
import type { BackendJobStatus, SubmitRequest, SubmitResult } from "../../shared/jobs/backend.js";
import type { JobKind } from "../../shared/jobs/kinds.js";
import { AwsBatchBackend } from "../backends/aws-batch-backend.js";
import type { RunnerApiTarget } from "../runner/runner-api.js";

export class AwsBatchTarget implements RunnerApiTarget {
  private readonly backend: AwsBatchBackend;

  constructor(
    client: BatchClient,
    private readonly jobQueue: string,
    jobDefinitions: Record<JobKind, string>,
    defaultTags: Record<string, string> = {},
  ) {
    this.backend = new AwsBatchBackend({ client, jobQueue, jobDefinitions, defaultTags });
  }

  submit(request: SubmitRequest): Promise<SubmitResult> {
    return this.backend.submit(request);
  }

  describe(ids: readonly string[]): Promise<BackendJobStatus[]> {
    return this.backend.describe(ids);
  }

  cancel(id: string, reason: string): Promise<void> {
    return this.backend.cancel(id, reason);
  }

  health(): Record<string, unknown> {
    return { backend: "aws-batch", jobQueue: this.jobQueue };
  }
}
