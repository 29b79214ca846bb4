/**
 * The job contract between the edge (which submits) and the batch containers (which run): one
 * versioned JSON spec per job kind, validated with zod on both sides. A spec travels to the
 * container as `main.js <kind> --spec <uri>` (data:, file:// or s3:// URI), so it must stay small:
 * large inputs (thousands of reports) are referenced by URI inside the spec.
 *
 * Versioning: every spec carries `specVersion`. A breaking change adds a new literal (2) and a
 * new schema next to the old one; containers keep accepting the versions the edge may still send.
 */
import { z } from "zod";
import { formatIssues } from "../validation/format-issues.js";

export const JOB_KINDS = ["generate", "finetune", "train", "evaluate", "phantom"] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const jobKindSchema = z.enum(JOB_KINDS);

/** Object-store location: `file:///abs/path/` locally, `s3://bucket/prefix/` on AWS. */
export const objectUriSchema = z
  .string()
  .regex(/^(file:\/\/\/|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/)/, "must be a file:/// or s3://bucket/ URI");

/** Identifier chosen by the edge (dataset or generation id): safe in paths, keys and tags. */
export const jobIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, "1-128 chars of A-Z a-z 0-9 _ -, not starting with _ or -");

const seedSchema = z.number().int().min(0).max(0xffffffff);
const modelNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "lowercase letters, digits and -");
/** A registry reference: an alias (production, candidate) or an exact version. */
const modelRefSchema = z.object({
  name: modelNameSchema,
  /** Exactly one of alias / version: aliases resolve at job start, versions are pinned. */
  alias: z.enum(["production", "candidate"]).optional(),
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).optional(),
}).refine((r) => (r.alias === undefined) !== (r.version === undefined), "give exactly one of alias or version");

/** Fields every spec shares. */
const common = {
  specVersion: z.literal(1),
  jobId: jobIdSchema,
  /** Where this job writes its outputs (a prefix; each shard writes under it). */
  outputUri: objectUriSchema,
};

/** Synthetic phantom dataset: `count` films split evenly across the array's shards. */
export const phantomSpecSchema = z.object({
  ...common,
  kind: z.literal("phantom"),
  count: z.number().int().min(1).max(1_000_000),
  seed: seedSchema,
  /** Image side in pixels (square); the simulator supports 64..512. */
  size: z.number().int().min(64).max(512).default(128),
  format: z.enum(["png", "dicom", "both"]).default("png"),
  /** Bits per sample in the files (16 keeps the simulator's full range). */
  bitDepth: z.union([z.literal(8), z.literal(16)]).default(16),
  /** Extra simulator settings, validated by the simulator itself (batch-jobs/data/phantom/). */
  simulator: z.record(z.string(), z.unknown()).default({}),
}).strict();

/** Text-to-CXR inference for a list of reports (inline if few, else a JSONL file by URI). */
export const generateSpecSchema = z.object({
  ...common,
  kind: z.literal("generate"),
  model: modelRefSchema,
  reports: z.array(z.object({ id: jobIdSchema, text: z.string().min(1).max(20_000) })).max(64).optional(),
  reportsUri: z.string().min(1).optional(),
  samplesPerReport: z.number().int().min(1).max(64).default(1),
  seed: seedSchema,
  steps: z.number().int().min(1).max(1000).default(50),
  guidance: z.number().min(0).max(30).default(4),
  size: z.number().int().min(32).max(2048).default(64),
  format: z.enum(["png", "dicom", "both"]).default("png"),
}).strict().refine((s) => (s.reports === undefined) !== (s.reportsUri === undefined), "give exactly one of reports or reportsUri");

/** Nightly RLCF fine-tune of `base` against its frozen anchor; writes a candidate version. */
export const finetuneSpecSchema = z.object({
  ...common,
  kind: z.literal("finetune"),
  base: modelRefSchema,
  /** Named experiment config (batch-jobs/ml/ config registry). */
  config: z.string().min(1).max(64),
  seed: seedSchema,
  /** Where checkpoints go so that a retried attempt resumes from the last one. */
  checkpointUri: objectUriSchema,
}).strict();

/** Supervised training from scratch (or from a parent) of a model bundle. */
export const trainSpecSchema = z.object({
  ...common,
  kind: z.literal("train"),
  modelName: modelNameSchema,
  parent: modelRefSchema.optional(),
  config: z.string().min(1).max(64),
  seed: seedSchema,
  checkpointUri: objectUriSchema,
}).strict();

/** Scores a candidate against a baseline on the benchmark; promotes only if asked and better. */
export const evaluateSpecSchema = z.object({
  ...common,
  kind: z.literal("evaluate"),
  candidate: modelRefSchema,
  baseline: modelRefSchema,
  benchmark: z.string().min(1).max(64),
  seed: seedSchema,
  promoteIfBetter: z.boolean().default(false),
}).strict();

export const jobSpecSchemas = {
  phantom: phantomSpecSchema,
  generate: generateSpecSchema,
  finetune: finetuneSpecSchema,
  train: trainSpecSchema,
  evaluate: evaluateSpecSchema,
} as const satisfies Record<JobKind, z.ZodType>;

export type PhantomSpec = z.output<typeof phantomSpecSchema>;
export type GenerateSpec = z.output<typeof generateSpecSchema>;
export type FinetuneSpec = z.output<typeof finetuneSpecSchema>;
export type TrainSpec = z.output<typeof trainSpecSchema>;
export type EvaluateSpec = z.output<typeof evaluateSpecSchema>;
export type JobSpecByKind = { [K in JobKind]: z.output<(typeof jobSpecSchemas)[K]> };
export type JobSpec = JobSpecByKind[JobKind];
/** What a submitter writes (defaults not yet applied). */
export type JobSpecInput = { [K in JobKind]: z.input<(typeof jobSpecSchemas)[K]> }[JobKind];

export type SpecParseResult<K extends JobKind> =
  | { ok: true; spec: JobSpecByKind[K] }
  | { ok: false; issues: string[] };

/** Validates `raw` as a spec of `kind`; issues name the field path so a person can fix them. */
export function parseJobSpec<K extends JobKind>(kind: K, raw: unknown): SpecParseResult<K> {
  const schema = jobSpecSchemas[kind] as unknown as z.ZodType<JobSpecByKind[K]>;
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, spec: result.data };
  return {
    ok: false,
    issues: formatIssues(result.error, "(spec)"),
  };
}

export function isJobKind(value: string): value is JobKind {
  return (JOB_KINDS as readonly string[]).includes(value);
}
