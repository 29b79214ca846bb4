/**
 * Money movements (amounts come from pricing.ts). Credits are reserved when a request is accepted
 * (so a partner cannot order more than it has paid for), recorded in the usage ledger once per
 * delivered image, and the unused part of a reservation is refunded when work ends.
 */
import { refundCredits } from "../storage/partners.js";
import { recordUsage, type UsageEvent } from "../storage/usage.js";

/** A billable image: its ledger key makes the charge happen once however often it is delivered. */
export type LedgerImage = { kind: "generation"; generationId: string } | { kind: "dataset-item"; datasetId: string; itemIndex: number };

/** The one place ledger keys are built (a second spelling would charge a replay twice). */
export function ledgerKey(image: LedgerImage): string {
  switch (image.kind) {
    case "generation":
      return `generation:${image.generationId}`;
    case "dataset-item":
      return `dataset:${image.datasetId}:${image.itemIndex}`;
  }
}

export interface ImageCharge {
  owner: string;
  image: LedgerImage;
  kind: UsageEvent["kind"];
  credits: number;
  at: string;
}

/** Ledger row for one delivered image; false when this image was already charged. */
export async function chargeImage(db: D1Database, charge: ImageCharge): Promise<boolean> {
  return recordUsage(db, { owner: charge.owner, eventKey: ledgerKey(charge.image), kind: charge.kind, images: 1, credits: charge.credits, at: charge.at });
}

/** Returns reserved credits of work that will not be delivered (the demo reserves nothing). */
export async function refundReservation(db: D1Database, owner: string, credits: number): Promise<void> {
  if (owner !== "demo") await refundCredits(db, owner, credits);
}
