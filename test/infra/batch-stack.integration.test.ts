/**
 * Synthesises the CDK app offline once (it takes seconds) and checks the template: storage,
 * compute order, job definitions with GPUs and the retry strategy, the nightly schedule and the
 * IAM scoping.
 */
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app.js";
import { STAGES } from "../../infra/config.js";
import { parseJobSpec } from "../../shared/jobs/kinds.js";
import { SERVING_MODEL } from "../../shared/model/serving-model.js";

let template: Template;
type Resource = { Type: string; Properties: Record<string, unknown> };
let resources: Record<string, Resource>;

beforeAll(() => {
  // Synth takes ~5-15 s on 2 shared cores; once per file.
  // Bundling (esbuild) of the gateway Lambda is skipped: the template is what is checked here.
  const app = buildApp(new App({ context: { stage: "staging", imageTag: "abc123", "aws:cdk:bundling-stacks": [] } }));
  const stack = app.node.findChild("CxrBatch-staging");
  template = Template.fromStack(stack as never);
  resources = template.toJSON().Resources as Record<string, Resource>;
}, 120_000);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
/** Resolves Fn::Join / Ref / GetAtt into readable placeholders so JSON inside strings can be parsed. */
function flatten(value: unknown): string {
  if (typeof value === "string") return value;
  const v = value as Record<string, unknown>;
  if (v["Fn::Join"]) {
    const [sep, parts] = v["Fn::Join"] as [string, unknown[]];
    return parts.map(flatten).join(sep);
  }
  if (v["Ref"]) return `ref-${String(v["Ref"]).toLowerCase().slice(0, 20)}`;
  if (v["Fn::GetAtt"]) return `arn-${(v["Fn::GetAtt"] as string[])[0]}`;
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

describe("storage and image repository", () => {
  it("bucket: versioned, encrypted, no public access, checkpoint lifecycle", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      VersioningConfiguration: { Status: "Enabled" },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: "expire-old-checkpoints", Prefix: "checkpoints/", ExpirationInDays: STAGES.staging.checkpointRetentionDays, Status: "Enabled" }),
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } }),
        ]),
      },
    });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
  });

  it("ECR repository scans on push and keeps immutable tags", () => {
    template.hasResourceProperties("AWS::ECR::Repository", {
      RepositoryName: "cxr-staging-batch",
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: "IMMUTABLE",
    });
  });

  it("logs are kept for the configured days", () => {
    template.hasResourceProperties("AWS::Logs::LogGroup", { LogGroupName: "/cxr/cxr-staging/batch", RetentionInDays: 14 });
  });
});

describe("compute", () => {
  it("two managed GPU compute environments: spot then on-demand, in queue order", () => {
    const envs = ofType("AWS::Batch::ComputeEnvironment");
    expect(envs).toHaveLength(2);
    const spot = envs.find(([, r]) => (r.Properties["ComputeResources"] as { Type: string }).Type === "SPOT")!;
    const onDemand = envs.find(([, r]) => (r.Properties["ComputeResources"] as { Type: string }).Type === "EC2")!;
    expect(spot[1].Properties).toMatchObject({
      Type: "managed",
      ComputeResources: { AllocationStrategy: "SPOT_PRICE_CAPACITY_OPTIMIZED", MinvCpus: 0, MaxvCpus: 16, InstanceTypes: ["g5.xlarge", "g4dn.xlarge"], Ec2Configuration: [{ ImageType: "ECS_AL2_NVIDIA" }] },
    });
    expect(onDemand[1].Properties).toMatchObject({ ComputeResources: { AllocationStrategy: "BEST_FIT_PROGRESSIVE", MaxvCpus: 4 } });
    template.hasResourceProperties("AWS::Batch::JobQueue", {
      ComputeEnvironmentOrder: [
        { ComputeEnvironment: { "Fn::GetAtt": [spot[0], "ComputeEnvironmentArn"] }, Order: 1 },
        { ComputeEnvironment: { "Fn::GetAtt": [onDemand[0], "ComputeEnvironmentArn"] }, Order: 2 },
      ],
    });
  });

  it("one job definition per kind; GPU kinds reserve a GPU; the retry strategy retries spot reclaims only", () => {
    const defs: Record<string, Record<string, unknown>> = Object.fromEntries(ofType("AWS::Batch::JobDefinition").map(([, r]) => [String(r.Properties["JobDefinitionName"]), r.Properties]));
    expect(Object.keys(defs).sort()).toEqual(["cxr-staging-evaluate", "cxr-staging-finetune", "cxr-staging-generate", "cxr-staging-phantom", "cxr-staging-train"]);
    for (const kind of ["generate", "finetune", "train", "evaluate"]) {
      expect((defs[`cxr-staging-${kind}`]!["ContainerProperties"] as { ResourceRequirements: unknown[] }).ResourceRequirements).toContainEqual({ Type: "GPU", Value: "1" });
    }
    for (const def of Object.values(defs)) {
      expect(def["RetryStrategy"]).toEqual({
        Attempts: 3,
        EvaluateOnExit: [
          { Action: "RETRY", OnStatusReason: "Host EC2*" },
          { Action: "RETRY", OnExitCode: "75" },
          { Action: "RETRY", OnExitCode: "143" },
          { Action: "EXIT", OnReason: "*" },
        ],
      });
      expect(def["ContainerProperties"]).toMatchObject({
        User: "1001",
        Secrets: [{ Name: "CXR_CALLBACK_SECRET", ValueFrom: expect.anything() }],
      });
      expect(JSON.stringify((def["ContainerProperties"] as { Image: unknown }).Image)).toMatch(/":abc123"\]\]\}$/);
      expect(def["Timeout"]).toBeDefined();
    }
  });

  it("every job may call the edge; only the kinds the edge submits report their events to it", () => {
    const envOf = (kind: string) => {
      const [, def] = ofType("AWS::Batch::JobDefinition").find(([, r]) => r.Properties["JobDefinitionName"] === `cxr-staging-${kind}`)!;
      const pairs = (def.Properties["ContainerProperties"] as { Environment: Array<{ Name: string; Value: string }> }).Environment;
      return Object.fromEntries(pairs.map((p) => [p.Name, p.Value]));
    };
    for (const kind of ["generate", "phantom"]) expect(envOf(kind), kind).toMatchObject({ CXR_EDGE_URL: STAGES.staging.edgeUrl, CXR_CALLBACK_URL: STAGES.staging.edgeUrl });
    for (const kind of ["finetune", "train", "evaluate"]) {
      expect(envOf(kind), kind).toMatchObject({ CXR_EDGE_URL: STAGES.staging.edgeUrl });
      expect(envOf(kind), kind).not.toHaveProperty("CXR_CALLBACK_URL");
    }
  });
});

describe("nightly fine-tune schedule", () => {
  interface SubmitInput { JobName: string; JobDefinition: string; JobQueue: string; ContainerOverrides: { Command: string[] }; Tags: Record<string, string> }
  /** The SubmitJob input as the Scheduler sends it on the invocation with this execution id. */
  const invocation = (executionId: string): SubmitInput => {
    const [[, schedule]] = ofType("AWS::Scheduler::Schedule") as [[string, Resource]];
    const input = flatten((schedule.Properties["Target"] as { Input: unknown }).Input);
    return JSON.parse(input.split("<aws.scheduler.execution-id>").join(executionId).split("<aws.scheduler.scheduled-time>").join("2026-05-01T02:00:00Z")) as SubmitInput;
  };
  const specOf = (input: SubmitInput) => {
    const [kind, flag, uri] = input.ContainerOverrides.Command;
    expect([kind, flag]).toEqual(["finetune", "--spec"]);
    return JSON.parse(decodeURIComponent(uri!.replace(/^data:application\/json,/, "")).replace(/ref-[a-z0-9]+/g, "cxr-bucket")) as Record<string, unknown>;
  };

  it("submits the finetune job through the Scheduler's Batch SubmitJob universal target with a valid spec", () => {
    const [[, schedule]] = ofType("AWS::Scheduler::Schedule") as [[string, Resource]];
    const target = schedule.Properties["Target"] as { Arn: string; Input: unknown; RoleArn: unknown };
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: "cron(0 2 * * ? *)", ScheduleExpressionTimezone: "UTC", FlexibleTimeWindow: { Mode: "OFF" } });
    expect(target.Arn).toBe("arn:aws:scheduler:::aws-sdk:batch:submitJob");
    const input = invocation("d32c5kddcf5bb8c3");
    expect(input.JobDefinition).toMatch(/^ref-jobsfinetunedefini/);
    expect(input.JobQueue).toBe("arn-ComputeQueueC24ECBAB");
    const spec = specOf(input);
    expect(parseJobSpec("finetune", spec).ok).toBe(true);
    expect(spec).toMatchObject({ base: { name: SERVING_MODEL.name, alias: "production" }, config: "cxrl" });
  });

  it("gives each night its own job id and checkpoint prefix, so a new night never resumes the last one", () => {
    const [night1, night2] = [invocation("d32c5kddcf5bb8c3"), invocation("a81f0e2b9c4d7e65")];
    expect(specOf(night1)).toMatchObject({ jobId: "nightly-d32c5kddcf5bb8c3", checkpointUri: "s3://cxr-bucket/checkpoints/nightly/d32c5kddcf5bb8c3/" });
    expect(specOf(night2)).toMatchObject({ jobId: "nightly-a81f0e2b9c4d7e65", checkpointUri: "s3://cxr-bucket/checkpoints/nightly/a81f0e2b9c4d7e65/" });
    expect(night1).toMatchObject({ JobName: "cxr-staging-nightly-d32c5kddcf5bb8c3", Tags: { "cxr:job-id": "nightly-d32c5kddcf5bb8c3", "cxr:scheduled-time": "2026-05-01T02:00:00Z" } });
  });
});

describe("least-privilege IAM", () => {
  const policyOf = (rolePrefix: string) => {
    const found = ofType("AWS::IAM::Policy").find(([id]) => id.startsWith(rolePrefix));
    expect(found, `policy for ${rolePrefix}`).toBeDefined();
    return (found![1].Properties["PolicyDocument"] as { Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown }[] }).Statement;
  };

  it("the job role reaches only the bucket's job prefixes, nothing else", () => {
    const statements = policyOf("JobsJobRole");
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.every((a) => a.startsWith("s3:"))).toBe(true);
    expect(actions).not.toContain("s3:*");
    const objectResources = (statements[0]!.Resource as unknown[]).map(flatten);
    expect(objectResources).toEqual(["arn-DataBucketE6B0FAA8/models/*", "arn-DataBucketE6B0FAA8/checkpoints/*", "arn-DataBucketE6B0FAA8/datasets/*", "arn-DataBucketE6B0FAA8/specs/*"]);
    expect(statements[1]).toMatchObject({ Action: "s3:ListBucket", Condition: { StringLike: { "s3:prefix": ["models/*", "checkpoints/*", "datasets/*", "specs/*"] } } });
    expect(JSON.stringify(statements)).not.toContain('"*"');
  });

  it("only the execution role reads the callback secret, and only that secret", () => {
    const statements = policyOf("JobsExecutionRole");
    const secretStatements = statements.filter((s) => JSON.stringify(s.Action).includes("secretsmanager"));
    expect(secretStatements).toHaveLength(1);
    expect(secretStatements[0]!.Resource).toEqual({ Ref: Object.keys(resources).find((k) => k.startsWith("CallbackSecret")) });
    // The ECR auth token is the one action AWS only offers on "*".
    for (const s of statements.filter((x) => x.Resource === "*")) expect(s.Action).toBe("ecr:GetAuthorizationToken");
    expect(JSON.stringify(policyOf("JobsJobRole"))).not.toContain("secretsmanager");
  });

  it("the scheduler role may only submit to this queue with the finetune definition", () => {
    const statements = policyOf("NightlyFinetuneSchedulerRole");
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toEqual(["batch:SubmitJob", "batch:TagResource"]);
    expect((statements[0]!.Resource as unknown[]).map(flatten)).toEqual(["arn-ComputeQueueC24ECBAB", expect.stringMatching(/^ref-jobsfinetune/)]);
  });
});

describe("batch gateway", () => {
  it("a Lambda function URL speaking the runner protocol, reading the HMAC secret through the extension", () => {
    const [[, fn]] = ofType("AWS::Lambda::Function").filter(([id]) => id.startsWith("GatewayFunction")) as [[string, Resource]];
    expect(fn.Properties).toMatchObject({ Runtime: "nodejs22.x", Handler: "index.handler", Architectures: ["arm64"] });
    const env = (fn.Properties["Environment"] as { Variables: Record<string, unknown> }).Variables;
    for (const key of ["BATCH_JOB_QUEUE", "BATCH_JOB_DEFINITIONS", "HMAC_SECRET_ID", "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"]) expect(env).toHaveProperty(key);
    expect((fn.Properties["Layers"] as unknown[]).length).toBe(1); // the Parameters and Secrets extension
    expect(JSON.stringify(env)).not.toMatch(/SecretString|local-internal-hmac/);
    template.hasResourceProperties("AWS::Lambda::Url", { AuthType: "NONE" });
  });

  it("may only submit to this queue with these definitions, and read only the HMAC secret", () => {
    const [[, policy]] = ofType("AWS::IAM::Policy").filter(([id]) => id.startsWith("GatewayFunction")) as [[string, Resource]];
    const statements = (policy.Properties["PolicyDocument"] as { Statement: { Sid?: string; Action: string | string[]; Resource: unknown }[] }).Statement;
    const submit = statements.find((s) => s.Sid === "SubmitToThisQueueOnly")!;
    expect(submit.Action).toEqual(["batch:SubmitJob", "batch:TagResource"]);
    expect((submit.Resource as unknown[]).length).toBe(6); // the queue + 5 job definitions
    const wildcard = statements.filter((s) => s.Resource === "*");
    expect(wildcard).toEqual([{ Sid: "ReadJobStatus", Action: ["batch:DescribeJobs", "batch:ListJobs"], Effect: "Allow", Resource: "*" }]);
    const secrets = statements.filter((s) => JSON.stringify(s.Action).includes("secretsmanager"));
    expect(secrets.map((s) => s.Resource)).toEqual([{ Ref: Object.keys(resources).find((k) => k.startsWith("CallbackSecret")) }]);
  });
});

describe("stage config", () => {
  it("keeps the on-demand fallback smaller than spot and production's schedule enabled", () => {
    for (const stage of Object.values(STAGES)) expect(stage.onDemandMaxVcpus).toBeLessThan(stage.spotMaxVcpus);
    expect(STAGES.production.nightlyFinetune.enabled).toBe(true);
    expect(() => buildApp(new App({ context: { stage: "qa" } }))).toThrow(/Unknown stage "qa"/);
  });
});
