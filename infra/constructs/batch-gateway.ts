/**
 * The AWS Batch gateway: a small Lambda behind a function URL that speaks the runner protocol
 * (batch-jobs/gateway/lambda-handler.ts), so the edge submits to AWS Batch with the same
 * fetch-based client as locally. Authentication is the internal HMAC signature on every call
 * (the URL itself is public, like the edge); the function may only submit to this queue with
 * these job definitions, describe/list jobs and terminate jobs in this account and region.
 */
import { Duration, Stack } from "aws-cdk-lib";
import type * as batch from "aws-cdk-lib/aws-batch";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { JobKind } from "../../shared/jobs/kinds.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface BatchGatewayProps {
  namePrefix: string;
  queue: batch.IJobQueue;
  definitions: Record<JobKind, batch.IJobDefinition>;
  hmacSecret: secretsmanager.ISecret;
  logRetention: logs.RetentionDays;
}

export class BatchGateway extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: BatchGatewayProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.fn = new nodejs.NodejsFunction(this, "Function", {
      functionName: `${props.namePrefix}-batch-gateway`,
      entry: path.join(repoRoot, "batch-jobs", "gateway", "lambda-handler.ts"),
      handler: "handler",
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, "package-lock.json"),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: {
        BATCH_JOB_QUEUE: props.queue.jobQueueArn,
        BATCH_JOB_DEFINITIONS: stack.toJsonString(Object.fromEntries(Object.entries(props.definitions).map(([k, d]) => [k, d.jobDefinitionName]))),
        HMAC_SECRET_ID: props.hmacSecret.secretArn,
        NODE_OPTIONS: "--enable-source-maps",
      },
      paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103, {
        cacheSize: 10,
        logLevel: lambda.ParamsAndSecretsLogLevel.WARN,
      }),
      logGroup: new logs.LogGroup(this, "Logs", { logGroupName: `/cxr/${props.namePrefix}/batch-gateway`, retention: props.logRetention }),
      // Bundle our pinned SDK instead of the runtime's (whose version drifts with Lambda releases).
      bundling: { minify: true, sourceMap: true, target: "node22", externalModules: [] },
    });
    props.hmacSecret.grantRead(this.fn);
    const jobDefinitionArns = Object.values(props.definitions).map((d) =>
      stack.formatArn({ service: "batch", resource: "job-definition", resourceName: `${d.jobDefinitionName}:*` }),
    );
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "SubmitToThisQueueOnly",
        actions: ["batch:SubmitJob", "batch:TagResource"],
        resources: [props.queue.jobQueueArn, ...jobDefinitionArns],
      }),
    );
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "TerminateJobsInThisAccount",
        actions: ["batch:TerminateJob"],
        resources: [stack.formatArn({ service: "batch", resource: "job", resourceName: "*" })],
      }),
    );
    // DescribeJobs and ListJobs support no resource-level permissions.
    this.fn.addToRolePolicy(new iam.PolicyStatement({ sid: "ReadJobStatus", actions: ["batch:DescribeJobs", "batch:ListJobs"], resources: ["*"] }));
    this.url = this.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }
}
