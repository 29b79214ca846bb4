/**
 * Deployment configuration as code, one object per stage. Every field says what it does and
 * what it costs; `cdk deploy -c stage=production -c imageTag=<git sha>` picks one.
 */
import type { JobKind } from "../shared/jobs/kinds.js";

export interface JobResources {
  /** vCPUs reserved per container (bin-packing on the instance; more = fewer jobs per host). */
  vcpus: number;
  /** Memory per container in MiB (must fit the instance minus ~1 GiB for the ECS agent). */
  memoryMiB: number;
  /** GPUs per container (g5.xlarge has 1). 0 = CPU-only work that may share a GPU host. */
  gpus: number;
  /** Attempt timeout in seconds; a hung job is killed instead of billing all night. */
  timeoutSeconds: number;
}

export interface StageConfig {
  /** Name used in resource names and tags (lowercase). */
  stage: "staging" | "production";
  /** AWS account and region to deploy into (undefined = the CLI's current ones). */
  account?: string;
  region: string;
  /** GPU instance types for both compute environments; several types improve spot availability. */
  instanceTypes: string[];
  /** Cap on vCPUs across the spot compute environment (spend ceiling). */
  spotMaxVcpus: number;
  /** Cap for the on-demand fallback; keep small, it costs ~3× spot. */
  onDemandMaxVcpus: number;
  /** Days to keep CloudWatch logs of jobs. */
  logRetentionDays: number;
  /** Days after which superseded checkpoint versions (and checkpoints/ objects) are deleted. */
  checkpointRetentionDays: number;
  /** Public base URL of the edge, where jobs send signed events and results. */
  edgeUrl: string;
  /** Nightly fine-tune schedule (EventBridge Scheduler cron, in `timezone`). */
  nightlyFinetune: { cron: string; timezone: string; enabled: boolean; config: string };
  /** Per-kind container resources. */
  jobs: Record<JobKind, JobResources>;
  /** Attempts per job for spot reclaims and transient failures (1-10). */
  attempts: number;
}

const GPU_JOB: JobResources = { vcpus: 4, memoryMiB: 14_000, gpus: 1, timeoutSeconds: 4 * 3600 };

const jobs: Record<JobKind, JobResources> = {
  generate: { ...GPU_JOB, timeoutSeconds: 2 * 3600 },
  finetune: { ...GPU_JOB, timeoutSeconds: 8 * 3600 },
  train: { ...GPU_JOB, timeoutSeconds: 12 * 3600 },
  evaluate: { ...GPU_JOB, timeoutSeconds: 2 * 3600 },
  // The phantom simulator is CPU code: it runs on the same hosts but reserves no GPU, so a
  // GPU job can share the instance.
  phantom: { vcpus: 2, memoryMiB: 4_000, gpus: 0, timeoutSeconds: 2 * 3600 },
};

export const STAGES: Record<StageConfig["stage"], StageConfig> = {
  staging: {
    stage: "staging",
    region: "eu-west-1",
    instanceTypes: ["g5.xlarge", "g4dn.xlarge"],
    spotMaxVcpus: 16,
    onDemandMaxVcpus: 4,
    logRetentionDays: 14,
    checkpointRetentionDays: 7,
    edgeUrl: "https://staging.cxr-synth.example.com",
    nightlyFinetune: { cron: "cron(0 2 * * ? *)", timezone: "UTC", enabled: false, config: "cxrl" },
    jobs,
    attempts: 3,
  },
  production: {
    stage: "production",
    region: "eu-west-1",
    instanceTypes: ["g5.xlarge", "g5.2xlarge", "g4dn.xlarge", "g4dn.2xlarge"],
    spotMaxVcpus: 128,
    onDemandMaxVcpus: 16,
    logRetentionDays: 90,
    checkpointRetentionDays: 30,
    edgeUrl: "https://api.cxr-synth.example.com",
    nightlyFinetune: { cron: "cron(0 2 * * ? *)", timezone: "UTC", enabled: true, config: "cxrl" },
    jobs,
    attempts: 4,
  },
};

/** Bucket prefixes the job role may touch; nothing else in the bucket is reachable. */
export const JOB_PREFIXES = ["models/", "checkpoints/", "datasets/", "specs/"] as const;
