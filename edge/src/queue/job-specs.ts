/** Builds the shared/jobs SubmitRequest of a generation or a dataset order. */
import type { SubmitRequest } from "../../../shared/jobs/index.js";
import { EDGE_CONFIG } from "../config.js";
import type { Dataset } from "../storage/datasets.js";
import type { Generation, SamplerSettings } from "../storage/generations.js";

export interface SpecContext {
  /** Registry name of the served model. Its version is not here: each order pins the version it
   *  was made with (settings.modelVersion, part of its content keys), so a promotion between order
   *  and submission cannot change what an order gets. */
  modelName: string;
  /** Prefix jobs write under (file:///… or s3://bucket/…/), ending with "/". */
  outputUri: string;
}

export function outputUriFor(base: string, jobId: string): string {
  return `${base.endsWith("/") ? base : `${base}/`}${jobId}/`;
}

/** What every submission shares: the job id doubles as name and idempotency token. */
function envelope(jobId: string, arraySize: number, owner: string, kind: "generation" | "dataset") {
  return {
    arraySize,
    jobName: jobId,
    idempotencyToken: jobId,
    timeoutSeconds: EDGE_CONFIG.jobTimeoutSeconds,
    attempts: EDGE_CONFIG.jobAttempts,
    tags: { owner, kind },
  };
}

/** The sampler part of a `generate` spec, shared by single generations and dataset orders. */
function generateSpec(ctx: SpecContext, jobId: string, s: SamplerSettings, samplesPerReport: number) {
  return {
    specVersion: 1 as const,
    kind: "generate" as const,
    jobId,
    outputUri: outputUriFor(ctx.outputUri, jobId),
    model: { name: ctx.modelName, version: s.modelVersion },
    samplesPerReport,
    seed: s.seed,
    steps: s.steps,
    guidance: s.guidance,
    size: s.size,
    format: s.format,
  };
}

export function generationSubmitRequest(ctx: SpecContext, jobId: string, g: Generation): SubmitRequest {
  return {
    kind: "generate",
    spec: { ...generateSpec(ctx, jobId, g.settings, 1), reports: [{ id: "r0", text: g.reportText }] },
    ...envelope(jobId, 1, g.owner, "generation"),
  };
}

/** Children of the array job: one per `reportsPerShard` reports (shared/jobs/sharding.ts splits them). */
export function datasetArraySize(reportCount: number): number {
  return Math.max(1, Math.min(10_000, Math.ceil(reportCount / EDGE_CONFIG.reportsPerShard)));
}

/** Children of a phantom order: one per `phantomImagesPerShard` films, at least `phantomMinShards`, never an empty one. */
export function phantomArraySize(count: number): number {
  const wanted = Math.max(EDGE_CONFIG.phantomMinShards, Math.ceil(count / EDGE_CONFIG.phantomImagesPerShard));
  return Math.max(1, Math.min(10_000, count, wanted));
}

/** The array size of any dataset order (phantom orders shard films, the others shard reports). */
export function arraySizeOf(d: Dataset): number {
  return d.settings.source === "phantom" ? phantomArraySize(d.total) : datasetArraySize(d.settings.reportCount);
}

/** A phantom order as a `phantom` array job (shared/jobs/kinds.ts): film i has seed `seed + i`. */
export function phantomSubmitRequest(ctx: SpecContext, jobId: string, d: Dataset): SubmitRequest {
  const s = d.settings;
  return {
    kind: "phantom",
    spec: {
      specVersion: 1,
      kind: "phantom",
      jobId,
      outputUri: outputUriFor(ctx.outputUri, jobId),
      count: d.total,
      seed: s.seed,
      size: s.size,
      format: s.format,
      bitDepth: EDGE_CONFIG.phantomBitDepth,
    },
    ...envelope(jobId, phantomArraySize(d.total), d.partnerId, "dataset"),
  };
}

export function datasetSubmitRequest(
  ctx: SpecContext,
  jobId: string,
  d: Dataset,
  reports: { inline: Array<{ id: string; text: string }> } | { uri: string },
): SubmitRequest {
  const s = d.settings;
  return {
    kind: "generate",
    spec: {
      ...generateSpec(ctx, jobId, s, s.samplesPerReport),
      ...("inline" in reports ? { reports: reports.inline } : { reportsUri: reports.uri }),
    },
    ...envelope(jobId, datasetArraySize(s.reportCount), d.partnerId, "dataset"),
  };
}
