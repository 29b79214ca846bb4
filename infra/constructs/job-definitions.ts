/**
 * One Batch job definition per job kind, all running the same image (ENTRYPOINT main.js; the
 * command `<kind> --spec <uri>` comes with each submit). Least privilege:
 * - the job role (what the code may do) reaches only the bucket prefixes in JOB_PREFIXES;
 * - the execution role (what ECS does to start the container: pull the image, write logs)
 *   additionally reads the edge callback secret, which ECS injects as CXR_CALLBACK_SECRET, so the
 *   job code never needs Secrets Manager permissions of its own.
 * Retries follow shared/jobs/retry-policy.ts: spot reclaims and exit codes 75/143 retry, all
 * else fails at once.
 * Every job may call the edge (CXR_EDGE_URL: production announcements, training prompts); only
 * the kinds the edge submits report their events there (CXR_CALLBACK_URL), since the edge
 * refuses events of a job it has no record of and the job would fail at its first event.
 */
import { Duration, Size, Stack } from "aws-cdk-lib";
import * as batch from "aws-cdk-lib/aws-batch";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { JOB_KINDS, type JobKind } from "../../shared/jobs/kinds.js";
import { BATCH_EVALUATE_ON_EXIT } from "../../shared/jobs/retry-policy.js";
import { BATCH_ENV } from "../../shared/jobs/sharding.js";
import { JOB_PREFIXES, type JobResources } from "../config.js";

/** Kinds the edge's queue consumer submits (edge/src/queue/job-specs.ts); the rest come from operators and the schedule. */
export const EDGE_SUBMITTED_KINDS: readonly JobKind[] = ["generate", "phantom"];

export interface JobDefinitionsProps {
  namePrefix: string;
  bucket: s3.IBucket;
  repository: ecr.IRepository;
  imageTag: string;
  callbackSecret: secretsmanager.ISecret;
  edgeUrl: string;
  logRetentionDays: number;
  resources: Record<JobKind, JobResources>;
  attempts: number;
}

export class JobDefinitions extends Construct {
  readonly definitions: Record<JobKind, batch.EcsJobDefinition>;
  readonly jobRole: iam.Role;
  readonly executionRole: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: JobDefinitionsProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, "Logs", {
      logGroupName: `/cxr/${props.namePrefix}/batch`,
      retention: retentionFor(props.logRetentionDays),
    });
    this.jobRole = new iam.Role(this, "JobRole", {
      assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
      description: "CXR batch jobs: read/write only the platform bucket's job prefixes",
    });
    this.jobRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "ObjectsUnderJobPrefixes",
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        resources: JOB_PREFIXES.map((p) => props.bucket.arnForObjects(`${p}*`)),
      }),
    );
    this.jobRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "ListJobPrefixesOnly",
        actions: ["s3:ListBucket"],
        resources: [props.bucket.bucketArn],
        conditions: { StringLike: { "s3:prefix": JOB_PREFIXES.map((p) => `${p}*`) } },
      }),
    );
    this.executionRole = new iam.Role(this, "ExecutionRole", {
      assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
      description: "ECS agent for CXR jobs: pull the image, write logs, inject the callback secret",
    });
    props.repository.grantPull(this.executionRole);
    this.logGroup.grantWrite(this.executionRole);

    const image = ecs.ContainerImage.fromEcrRepository(props.repository, props.imageTag);
    const retryStrategies = BATCH_EVALUATE_ON_EXIT.map((rule) =>
      batch.RetryStrategy.of(
        rule.action === "RETRY" ? batch.Action.RETRY : batch.Action.EXIT,
        batch.Reason.custom({
          ...(rule.onExitCode ? { onExitCode: rule.onExitCode } : {}),
          ...(rule.onStatusReason ? { onStatusReason: rule.onStatusReason } : {}),
          ...(rule.onReason ? { onReason: rule.onReason } : {}),
        }),
      ),
    );
    const definitions = {} as Record<JobKind, batch.EcsJobDefinition>;
    for (const kind of JOB_KINDS) {
      const res = props.resources[kind];
      const container = new batch.EcsEc2ContainerDefinition(this, `${kind}Container`, {
        image,
        cpu: res.vcpus,
        memory: Size.mebibytes(res.memoryMiB),
        ...(res.gpus > 0 ? { gpu: res.gpus } : {}),
        jobRole: this.jobRole,
        executionRole: this.executionRole,
        logging: ecs.LogDriver.awsLogs({ logGroup: this.logGroup, streamPrefix: kind }),
        environment: {
          NODE_ENV: "production",
          [BATCH_ENV.edgeUrl]: props.edgeUrl,
          ...(EDGE_SUBMITTED_KINDS.includes(kind) ? { [BATCH_ENV.callbackUrl]: props.edgeUrl } : {}),
          [BATCH_ENV.registryUri]: `s3://${props.bucket.bucketName}/models/`,
          AWS_REGION: Stack.of(this).region,
        },
        secrets: { [BATCH_ENV.callbackSecret]: batch.Secret.fromSecretsManager(props.callbackSecret) },
        user: "1001",
        readonlyRootFilesystem: false,
      });
      definitions[kind] = new batch.EcsJobDefinition(this, `${kind}Definition`, {
        jobDefinitionName: `${props.namePrefix}-${kind}`,
        container,
        retryAttempts: props.attempts,
        retryStrategies,
        timeout: Duration.seconds(res.timeoutSeconds),
        propagateTags: true,
      });
    }
    this.definitions = definitions;
  }
}

/** CloudWatch only accepts specific retention values; pick the smallest one ≥ the request. */
export function retentionFor(days: number): logs.RetentionDays {
  const allowed = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
  const pick = allowed.find((d) => d >= days) ?? 3653;
  return pick as logs.RetentionDays;
}
