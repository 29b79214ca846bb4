/**
 * The nightly RLCF fine-tune: an EventBridge Scheduler schedule whose target is the universal
 * SDK target `aws-sdk:batch:submitJob` (no Lambda in between). The spec rides in the command as a
 * data: URI and is validated here at synth time, so a bad spec fails `cdk synth`, not 2 a.m.
 * Two values are only known later — the bucket name (a deploy-time token) and the run's id (the
 * Scheduler's <aws.scheduler.execution-id>, substituted in the input at each invocation) — so
 * the spec is validated with placeholders spliced afterwards; that is why the data: URI is plain
 * JSON, not base64. Each night thus gets its own job id and checkpoint prefix: a new night starts
 * fresh, while Batch's retries of one night's job (same command) resume its own checkpoints.
 */
import * as batch from "aws-cdk-lib/aws-batch";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as s3 from "aws-cdk-lib/aws-s3";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { Construct } from "constructs";
import { parseJobSpec } from "../../shared/jobs/kinds.js";
import { SERVING_MODEL } from "../../shared/model/serving-model.js";
import { BATCH_ENV } from "../../shared/jobs/sharding.js";

export interface NightlyFinetuneProps {
  namePrefix: string;
  queue: batch.IJobQueue;
  definition: batch.IJobDefinition;
  bucket: s3.IBucket;
  cron: string;
  timezone: string;
  enabled: boolean;
  /** Named experiment config of the fine-tune (batch-jobs/ml/). */
  config: string;
}

export const SUBMIT_JOB_TARGET_ARN = "arn:aws:scheduler:::aws-sdk:batch:submitJob";
/** Unique per invocation, letters and digits (e.g. d32c5kddcf5bb8c3): safe in job ids and keys. */
export const SCHEDULER_EXECUTION_ID = "<aws.scheduler.execution-id>";
export const SCHEDULER_SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";

export class NightlyFinetune extends Construct {
  readonly schedule: scheduler.CfnSchedule;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: NightlyFinetuneProps) {
    super(scope, id);
    const bucket = "bucket-placeholder";
    const run = "runidplaceholder";
    const jobId = `nightly-${run}`;
    const parsed = parseJobSpec("finetune", {
      specVersion: 1,
      kind: "finetune",
      jobId,
      outputUri: `s3://${bucket}/models/`,
      base: { name: SERVING_MODEL.name, alias: "production" },
      config: props.config,
      seed: 0,
      checkpointUri: `s3://${bucket}/checkpoints/nightly/${run}/`,
    });
    if (!parsed.ok) throw new Error(`nightly finetune spec invalid: ${parsed.issues.join("; ")}`);
    const specJson = JSON.stringify(parsed.spec);
    if (specJson.includes("%")) throw new Error("nightly finetune spec must not contain '%' (plain data: URI)");
    const splice = (text: string) => text.split(bucket).join(props.bucket.bucketName).split(run).join(SCHEDULER_EXECUTION_ID);
    const specUri = splice(`data:application/json,${specJson}`);

    this.role = new iam.Role(this, "SchedulerRole", {
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com"),
      description: "EventBridge Scheduler: submit the nightly fine-tune, nothing else",
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["batch:SubmitJob", "batch:TagResource"],
        resources: [props.queue.jobQueueArn, props.definition.jobDefinitionArn],
      }),
    );
    this.schedule = new scheduler.CfnSchedule(this, "Schedule", {
      name: `${props.namePrefix}-nightly-finetune`,
      description: "Nightly RLCF fine-tune of the production model (candidate promoted only if better)",
      scheduleExpression: props.cron,
      scheduleExpressionTimezone: props.timezone,
      state: props.enabled ? "ENABLED" : "DISABLED",
      flexibleTimeWindow: { mode: "OFF" },
      target: {
        arn: SUBMIT_JOB_TARGET_ARN,
        roleArn: this.role.roleArn,
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        input: JSON.stringify({
          JobName: `${props.namePrefix}-${splice(jobId)}`,
          JobQueue: props.queue.jobQueueArn,
          JobDefinition: props.definition.jobDefinitionArn,
          ContainerOverrides: {
            Command: ["finetune", "--spec", specUri],
            Environment: [{ Name: BATCH_ENV.arraySize, Value: "1" }],
          },
          Tags: { "cxr:kind": "finetune", "cxr:job-id": splice(jobId), "cxr:scheduled-time": SCHEDULER_SCHEDULED_TIME },
        }),
      },
    });
  }
}
