/** submit of a generation (lifecycle/generation.ts): admitted and reserved, stored, then queued or, on a cache hit, delivered. */
import { ownerOf, type Principal } from "../auth/principal.js";
import { admitDemoImage, admitPartnerImages } from "../billing/admission.js";
import { chargeImage, refundReservation } from "../billing/charges.js";
import { generationCharge, generationReservation } from "../billing/pricing.js";
import { newId } from "../ids.js";
import { insertGeneration, type Generation, type SamplerSettings } from "../storage/generations.js";
import { enqueueWork } from "../storage/queue.js";

export interface GenerationRequest extends Pick<Generation, "cached" | "contentKey" | "reportText" | "findings"> {
  principal: Principal;
  settings: SamplerSettings;
  now: Date;
}

export async function submitGeneration(env: Env, request: GenerationRequest): Promise<Generation> {
  const { principal, now, cached } = request;
  const credits = generationReservation({ payer: principal.kind, cached });
  if (principal.kind === "demo") await admitDemoImage(env, principal.clientIp, now);
  else await admitPartnerImages(env.DB, principal, 1, credits, now);
  const at = now.toISOString();
  const generation: Generation = {
    id: newId("gen"),
    owner: ownerOf(principal),
    status: cached ? "succeeded" : "queued",
    cached,
    contentKey: request.contentKey,
    reportText: request.reportText,
    findings: request.findings,
    settings: { ...request.settings, creditsReserved: credits },
    jobId: null,
    errorCode: null,
    errorMessage: null,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await insertGeneration(env.DB, generation);
  } catch (err) {
    await refundReservation(env.DB, generation.owner, credits);
    throw err;
  }
  if (cached) {
    await chargeImage(env.DB, { owner: generation.owner, image: { kind: "generation", generationId: generation.id }, kind: "cached", credits: generationCharge(generation), at });
  } else {
    // If this send fails the record stays queued and the reconciler re-enqueues it.
    await enqueueWork(env.GENERATION_QUEUE, { type: "generation", generationId: generation.id }).catch((err: unknown) => console.error("enqueue failed; the reconciler will retry", generation.id, err));
  }
  return generation;
}
