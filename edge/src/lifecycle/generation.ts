/**
 * How a generation moves (docs/api.md, "How an order moves"):
 *
 *   queued ──start──► running ──deliver──► succeeded
 *     │                  │
 *     └──────fail────────┴──► failed   (the reservation is refunded, once)
 *
 * Each transition names its legal from-states; a transition from any other state changes nothing
 * and returns false, so a replayed event or a late message is harmless. Money moves only with
 * the transition that changed the state: the charge on deliver (ledger key generationLedgerKey),
 * the refund on fail.
 */
import { refundReservation } from "../billing/charges.js";
import { nowIso } from "../ids.js";
import { getGeneration, transitionGeneration, type Generation } from "../storage/generations.js";
import { jobIdFor, setJobStatus } from "../storage/jobs.js";

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
  if (!(await transitionGeneration(db, g.id, ["queued", "running"], "failed", at, failure))) return false;
  await setJobStatus(db, jobIdFor(g.id), ["created", "submitted", "running"], "failed", at);
  await refundReservation(db, g.owner, g.settings.creditsReserved);
  return true;
}
