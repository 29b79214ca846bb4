/**
 * The nightly RLCF fine-tune: an EventBridge Scheduler schedule whose target is the universal
 * SDK target `aws-sdk:batch:submitJob` (no Lambda in between). The spec rides in the command as a
 * data: URI and is validated here at synth time, so a bad spec fails `cdk synth`, not 2 a.m.
 * The bucket name is a deploy-time token, so the spec is validated with a placeholder name and
 * the token is spliced in afterwards; that is why the data: URI is plain JSON, not base64.
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

export class NightlyFinetune extends Construct {
  readonly schedule: scheduler.CfnSchedule;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: NightlyFinetuneProps) {
    super(scope, id);
    const placeholder = "bucket-placeholder";
    const parsed = parseJobSpec("finetune", {
      specVersion: 1,
      kind: "finetune",
      jobId: "nightly-finetune",
      outputUri: `s3://${placeholder}/models/`,
      base: { name: SERVING_MODEL.name, alias: "production" },
      config: props.config,
      seed: 0,
      checkpointUri: `s3://${placeholder}/checkpoints/nightly/`,
    });
    if (!parsed.ok) throw new Error(`nightly finetune spec invalid: ${parsed.issues.join("; ")}`);
    const specJson = JSON.stringify(parsed.spec);
    if (specJson.includes("%")) throw new Error("nightly finetune spec must not contain '%' (plain data: URI)");
    const specUri = `data:application/json,${specJson.split(placeholder).join(props.bucket.bucketName)}`;

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
          JobName: `${props.namePrefix}-nightly-finetune`,
          JobQueue: props.queue.jobQueueArn,
          JobDefinition: props.definition.jobDefinitionArn,
          ContainerOverrides: {
            Command: ["finetune", "--spec", specUri],
            Environment: [{ Name: BATCH_ENV.arraySize, Value: "1" }],
          },
          Tags: { "cxr:kind": "finetune", "cxr:job-id": "nightly-finetune" },
        }),
      },
    });
  }
}
