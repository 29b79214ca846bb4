/**
 * How a generation moves (docs/api.md, "How an order moves"):
 *
 *   submit ──► queued ──start──► running ──deliver──► succeeded   (charged once: ledgerKey generation)
 *     │          │                  │
 *     │          └──────fail────────┴──► failed                   (the reservation is refunded, once)
 *     └──(cache hit)──► succeeded                                 (charged at once)
 *
 * submit (generation-submit.ts) reserves the price; dispatch records the submitted job on a queued
 * generation, which stays queued until the job starts. Each transition names its legal
 * from-states (FROM); from any other state it changes nothing and returns false, so a replayed
 * event or a late message is harmless. Money moves only with the transition that changed the
 * state, in the amounts of billing/pricing.ts.
 */
import type { GenerationState } from "../../../shared/api/index.js";
import { chargeImage, refundReservation } from "../billing/charges.js";
import { generationCharge, generationRefund } from "../billing/pricing.js";
import { ApiError } from "../errors.js";
import { nowIso } from "../ids.js";
import { getGeneration, transitionGeneration, type Generation } from "../storage/generations.js";
import { completeItem, jobIdFor } from "../storage/jobs.js";
import { endJob, startJob } from "./job.js";

export { submitGeneration, type GenerationRequest } from "./generation-submit.js";

const FROM = {
  dispatch: ["queued"],
  start: ["queued"],
  deliver: ["queued", "running"],
  fail: ["queued", "running"],
} as const satisfies Record<string, readonly GenerationState[]>;

const isIn = (states: readonly GenerationState[], state: GenerationState) => states.includes(state);

/** queued → queued, with the backend's job recorded on it. */
export function dispatchGeneration(db: D1Database, generationId: string, jobId: string, at: string = nowIso()): Promise<boolean> {
  return transitionGeneration(db, generationId, FROM.dispatch, "queued", at, { jobId });
}

/** queued → running when its job's first attempt starts. */
export async function startGeneration(db: D1Database, generationId: string, at: string = nowIso()): Promise<boolean> {
  await startJob(db, jobIdFor(generationId), at);
  return transitionGeneration(db, generationId, FROM.start, "running", at);
}

/**
 * The image is in: the job's only item is done once, and queued|running → succeeded charges it.
 * False when the item was already done (a repeated upload) or the generation had ended.
 */
export async function deliverGeneration(db: D1Database, generation: Generation, at: string = nowIso()): Promise<boolean> {
  if (!isIn(FROM.deliver, generation.status)) return false;
  const jobId = jobIdFor(generation.id);
  if ((await completeItem(db, jobId, 0)) === null) return false;
  if (await transitionGeneration(db, generation.id, FROM.deliver, "succeeded", at)) {
    await chargeImage(db, { owner: generation.owner, image: { kind: "generation", generationId: generation.id }, kind: "generated", credits: generationCharge(generation), at });
  }
  await endJob(db, jobId, "succeeded", at);
  return true;
}

export interface GenerationFailure {
  /** Stable machine code shown to the partner (e.g. batch_rejected, not_implemented). */
  errorCode: string;
  errorMessage: string;
  /** Records the job on the generation (a submission refused before it was linked). */
  jobId?: string;
}

/** queued|running → failed, with the job marked failed and the reservation refunded; false when already settled. */
export async function failGeneration(db: D1Database, generation: Generation | string, failure: GenerationFailure, at: string = nowIso()): Promise<boolean> {
  const g = typeof generation === "string" ? await getGeneration(db, generation) : generation;
  if (!g) return false;
  if (!(await transitionGeneration(db, g.id, FROM.fail, "failed", at, failure))) return false;
  await endJob(db, jobIdFor(g.id), "failed", at);
  await refundReservation(db, g.owner, generationRefund(g));
  return true;
}

/** A failed generation was refunded: a result arriving after that would charge for it again. */
export function refuseLateGenerationResult(generation: Generation): void {
  if (generation.status === "failed") throw new ApiError(409, "job_finished", "This generation is already failed; late results are not accepted.");
}
