/**
 * Test helpers: orders put in a given state through their own lifecycle transitions (no HTTP),
 * with their job and job items in place, and the ledger and balance they leave behind.
 */
import { env } from "cloudflare:workers";
import { SAMPLER_DEFAULTS, type DatasetState, type GenerationState } from "../../../shared/api/index.js";
import { validateReport } from "../../../shared/report/index.js";
import type { Principal } from "../../../edge/src/auth/principal.js";
import { cancelDataset, deliverDatasetItem, failDataset, startDataset, submitDataset } from "../../../edge/src/lifecycle/dataset.js";
import { deliverGeneration, failGeneration, startGeneration, submitGeneration } from "../../../edge/src/lifecycle/generation.js";
import { getDataset, type Dataset } from "../../../edge/src/storage/datasets.js";
import { getGeneration, type Findings, type Generation } from "../../../edge/src/storage/generations.js";
import { ensureJob, ensureJobItem } from "../../../edge/src/storage/jobs.js";
import { createPartner, partnerCredits, REPORT } from "./api.js";

export type { DatasetState, GenerationState };

export const STARTING_CREDITS = 1000;

function findings(): Findings {
  const result = validateReport(REPORT);
  if (!result.ok) throw new Error("the test report does not validate");
  return { labels: result.report.labels, view: result.report.view, canonical: result.report.canonical };
}

async function partnerPrincipal(): Promise<Extract<Principal, { kind: "partner" }>> {
  const partner = await createPartner({ credits: STARTING_CREDITS });
  return { kind: "partner", partnerId: partner.id, keyId: partner.keyId, scopes: ["generations", "datasets"] };
}

const settings = { ...SAMPLER_DEFAULTS, modelVersion: "test-model" };

/** A partner's generation, submitted and then moved to `state` (its job and item exist). */
export async function generationIn(state: GenerationState, options: { cached?: boolean; principal?: Principal } = {}): Promise<Generation> {
  const principal = options.principal ?? (await partnerPrincipal());
  const submitted = await submitGeneration(env, { principal, cached: options.cached ?? false, contentKey: crypto.randomUUID(), reportText: REPORT, findings: findings(), settings, now: new Date() });
  if (options.cached) return submitted;
  const job = await ensureJob(env.DB, { refKind: "generation", refId: submitted.id, owner: submitted.owner, arraySize: 1, at: new Date().toISOString() });
  await ensureJobItem(env.DB, job.id, { itemIndex: 0, reportIndex: 0, sampleIndex: 0, seed: 0, contentKey: submitted.contentKey });
  if (state === "running") await startGeneration(env.DB, submitted.id);
  if (state === "succeeded") await deliverGeneration(env.DB, submitted);
  if (state === "failed") await failGeneration(env.DB, submitted, { errorCode: "test_failure", errorMessage: "failed by the test" });
  return (await getGeneration(env.DB, submitted.id))!;
}

/** A partner's dataset of `total` images (one per report), submitted and then moved to `state`. */
export async function datasetIn(state: DatasetState, options: { total?: number; webhookUrl?: string } = {}): Promise<Dataset> {
  const total = options.total ?? 2;
  const reports = Array.from({ length: total }, (_, reportIndex) => ({ reportIndex, text: REPORT, findings: findings() }));
  const submitted = await submitDataset(env, {
    principal: await partnerPrincipal(),
    total,
    settings: { ...settings, samplesPerReport: 1, reportCount: total, source: "reports" },
    webhookUrl: options.webhookUrl ?? null,
    reports,
    now: new Date(),
  });
  const job = await ensureJob(env.DB, { refKind: "dataset", refId: submitted.id, owner: submitted.partnerId, arraySize: 1, at: new Date().toISOString() });
  for (let i = 0; i < total; i++) await ensureJobItem(env.DB, job.id, { itemIndex: i, reportIndex: i, sampleIndex: 0, seed: i, contentKey: `key-${i}` });
  if (state === "running") await startDataset(env.DB, submitted.id);
  if (state === "succeeded") for (let i = 0; i < total; i++) await deliverDatasetItem(env, (await getDataset(env.DB, submitted.id))!, i);
  if (state === "failed") await failDataset(env, submitted, { reason: "failed by the test" });
  if (state === "cancelled") await cancelDataset(env, submitted);
  return (await getDataset(env.DB, submitted.id))!;
}

export interface LedgerRow {
  eventKey: string;
  kind: string;
  credits: number;
}

export async function ledgerOf(owner: string): Promise<LedgerRow[]> {
  const { results } = await env.DB.prepare("SELECT event_key AS eventKey, kind, credits FROM usage_ledger WHERE owner = ? ORDER BY event_key").bind(owner).all<LedgerRow>();
  return results;
}

/** What the partner paid in the end: its starting balance less its balance now. */
export async function creditsSpent(partnerId: string): Promise<number> {
  return STARTING_CREDITS - (await partnerCredits(partnerId));
}

export const sumCredits = (rows: LedgerRow[]) => rows.reduce((sum, row) => sum + row.credits, 0);

/** What `fn` throws, or null. */
export function thrownBy(fn: () => void): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return null;
}
