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
import { modelNameSchema, modelVersionSchema } from "../model/model-ref.js";
import { seedSchema } from "../sampler/seed.js";
import { defaultedFormatSchema, jobEtaSchema, jobSamplerFields, jobSizeSchema, samplesPerReportSchema } from "../sampler/settings.js";
import { phantomSizeSchema } from "../sampler/sizes.js";
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

/** Reports a generate spec may carry inline; the edge sends more by URI (the spec must stay small). */
export const MAX_INLINE_REPORTS = 64;

/** A registry reference: an alias (production, candidate) or an exact version. */
const modelRefSchema = z.object({
  name: modelNameSchema,
  /** Exactly one of alias / version: aliases resolve at job start, versions are pinned. */
  alias: z.enum(["production", "candidate"]).optional(),
  version: modelVersionSchema.optional(),
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
  /** Image side in pixels (square), as the simulator supports. */
  size: phantomSizeSchema,
  format: defaultedFormatSchema,
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
  reports: z.array(z.object({ id: jobIdSchema, text: z.string().min(1).max(20_000) })).max(MAX_INLINE_REPORTS).optional(),
  reportsUri: z.string().min(1).optional(),
  samplesPerReport: samplesPerReportSchema.default(1),
  seed: seedSchema,
  ...jobSamplerFields,
  size: jobSizeSchema,
  format: defaultedFormatSchema,
}).strict().refine((s) => (s.reports === undefined) !== (s.reportsUri === undefined), "give exactly one of reports or reportsUri");

/** Nightly RLCF fine-tune of `base` against its frozen anchor; writes a candidate version. */
export const finetuneSpecSchema = z.object({
  ...common,
  kind: z.literal("finetune"),
  base: modelRefSchema,
  /** Named experiment config (batch-jobs/rlcf/config.ts: cxrl, no-ace, direct-feedback, …). */
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
  /** Train on these films instead of simulator films: a dataset folder of this platform's format, or a MIMIC-CXR-JPG root (frontal views). */
  data: z.object({
    uri: z.string().regex(/^file:\/\/\//, "must be a file:/// URI of a folder on the job's machine"),
    format: z.enum(["dataset", "mimic-cxr-jpg"]),
  }).strict().optional(),
}).strict();

/** What an evaluation scores: a dataset folder in the project's format, or a generator bundle on held-out reports. */
export const evaluateSourceSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("dataset"),
    /** The dataset folder (manifest.jsonl at its root), file:/// today. */
    uri: objectUriSchema,
    /** Score at most this many images (manifest order); default all. */
    limit: z.number().int().min(1).max(1_000_000).optional(),
  }).strict(),
  z.object({
    kind: z.literal("generator"),
    model: modelRefSchema,
    /** Held-out reports, one JSON object {"id","text"} per line. */
    reportsUri: z.string().min(1),
    samplesPerReport: samplesPerReportSchema.default(4),
    ...jobSamplerFields,
    eta: jobEtaSchema,
  }).strict(),
]);

/** Reference films for FID: simulator films from held-out seeds (default) or a dataset folder. */
export const evaluateReferenceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("phantom"), count: z.number().int().min(2).max(100_000).default(1000), firstSeed: seedSchema.default(9_500_000) }).strict(),
  z.object({ kind: z.literal("dataset"), uri: objectUriSchema }).strict(),
  z.object({ kind: z.literal("none") }).strict(),
]);

/**
 * Scores images against their reports with the judge models. Two forms: `source` (a dataset
 * folder or a generator bundle + held-out reports), or the original candidate-vs-baseline form
 * (`candidate`, `baseline`, `benchmark`) for the nightly gate. Outputs under outputUri:
 * scores.jsonl (per image), summary.json and summary.md.
 */
export const evaluateSpecSchema = z.object({
  ...common,
  kind: z.literal("evaluate"),
  source: evaluateSourceSchema.optional(),
  reference: evaluateReferenceSchema.optional(),
  /** Store root whose models/ holds the judge and reward bundles (default: CXR_REGISTRY_URI's, then the repository's committed models/). Generators always come from CXR_REGISTRY_URI, as in the generate job. */
  judgesRegistryUri: objectUriSchema.optional(),
  /** Also score with the reward models (reported separately from the judged figures). */
  includeRewards: z.boolean().default(true),
  /** Bootstrap resamples for the confidence intervals (FID uses at most 50). */
  resamples: z.number().int().min(10).max(10_000).default(1000),
  candidate: modelRefSchema.optional(),
  baseline: modelRefSchema.optional(),
  benchmark: z.string().min(1).max(64).optional(),
  seed: seedSchema,
  promoteIfBetter: z.boolean().default(false),
}).strict().refine(
  (s) => (s.source !== undefined) !== (s.candidate !== undefined && s.baseline !== undefined && s.benchmark !== undefined),
  "give either source, or candidate + baseline + benchmark",
);

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
