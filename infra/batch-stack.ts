/**
 * The AWS side of the platform in one stack per stage: bucket, image repository, GPU compute
 * (spot then on-demand), job queue, a job definition per kind, the nightly fine-tune schedule,
 * the edge callback secret, the gateway the edge submits through, and the outputs the edge and
 * the deploy steps need.
 */
import { CfnOutput, RemovalPolicy, Stack, Tags, type StackProps } from "aws-cdk-lib";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { JOB_KINDS } from "../shared/jobs/kinds.js";
import type { StageConfig } from "./config.js";
import { BatchGateway } from "./constructs/batch-gateway.js";
import { DataBucket } from "./constructs/data-bucket.js";
import { GpuCompute } from "./constructs/gpu-compute.js";
import { JobDefinitions, retentionFor } from "./constructs/job-definitions.js";
import { NightlyFinetune } from "./constructs/nightly-finetune.js";

export interface BatchStackProps extends StackProps {
  config: StageConfig;
  /** Image tag to run (the git sha pushed by the deploy steps). */
  imageTag: string;
}

export class BatchStack extends Stack {
  constructor(scope: Construct, id: string, props: BatchStackProps) {
    super(scope, id, props);
    const { config } = props;
    const namePrefix = `cxr-${config.stage}`;
    Tags.of(this).add("project", "cxr-synth");
    Tags.of(this).add("stage", config.stage);

    const data = new DataBucket(this, "Data", { checkpointRetentionDays: config.checkpointRetentionDays });
    const repository = new ecr.Repository(this, "Images", {
      repositoryName: `${namePrefix}-batch`,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      lifecycleRules: [{ description: "keep the last 30 images", maxImageCount: 30 }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const callbackSecret = new secretsmanager.Secret(this, "CallbackSecret", {
      secretName: `${namePrefix}/internal-api-hmac`,
      description: "HMAC secret of the edge's internal API (same value as the Worker's secret)",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    const compute = new GpuCompute(this, "Compute", {
      namePrefix,
      instanceTypes: config.instanceTypes,
      spotMaxVcpus: config.spotMaxVcpus,
      onDemandMaxVcpus: config.onDemandMaxVcpus,
    });
    const jobs = new JobDefinitions(this, "Jobs", {
      namePrefix,
      bucket: data.bucket,
      repository,
      imageTag: props.imageTag,
      callbackSecret,
      edgeUrl: config.edgeUrl,
      logRetentionDays: config.logRetentionDays,
      resources: config.jobs,
      attempts: config.attempts,
    });
    new NightlyFinetune(this, "NightlyFinetune", {
      namePrefix,
      queue: compute.queue,
      definition: jobs.definitions.finetune,
      bucket: data.bucket,
      cron: config.nightlyFinetune.cron,
      timezone: config.nightlyFinetune.timezone,
      enabled: config.nightlyFinetune.enabled,
      config: config.nightlyFinetune.config,
    });

    const gateway = new BatchGateway(this, "Gateway", {
      namePrefix,
      queue: compute.queue,
      definitions: jobs.definitions,
      hmacSecret: callbackSecret,
      logRetention: retentionFor(config.logRetentionDays),
    });

    new CfnOutput(this, "BatchGatewayUrl", { value: gateway.url.url });
    new CfnOutput(this, "BucketName", { value: data.bucket.bucketName });
    new CfnOutput(this, "RepositoryUri", { value: repository.repositoryUri });
    new CfnOutput(this, "JobQueueArn", { value: compute.queue.jobQueueArn });
    new CfnOutput(this, "CallbackSecretArn", { value: callbackSecret.secretArn });
    for (const kind of JOB_KINDS) {
      new CfnOutput(this, `JobDefinition${kind[0]!.toUpperCase()}${kind.slice(1)}`, { value: jobs.definitions[kind].jobDefinitionName });
    }
  }
}
