/**
 * Charging rules. Credits are reserved when a request is accepted (so a partner cannot order more
 * than it has paid for), recorded in the usage ledger once per delivered image, and the unused
 * part of a reservation is refunded when work fails or is cancelled.
 */
import { EDGE_CONFIG } from "../config.js";
import { refundCredits } from "../storage/partners.js";
import { recordUsage } from "../storage/usage.js";

export function generationCost(cached: boolean): number {
  return cached ? EDGE_CONFIG.creditsPerCachedImage : EDGE_CONFIG.creditsPerGeneratedImage;
}

export function datasetCost(images: number): number {
  return images * EDGE_CONFIG.creditsPerGeneratedImage;
}

/** Ledger row for one delivered image (idempotent by eventKey); demo rows cost nothing. */
export async function chargeImage(db: D1Database, owner: string, eventKey: string, kind: "generated" | "cached" | "dataset", credits: number, at: string): Promise<boolean> {
  return recordUsage(db, { owner, eventKey, kind, images: 1, credits: owner === "demo" ? 0 : credits, at });
}

/** Returns reserved credits of work that will not be delivered (partners only). */
export async function refundReservation(db: D1Database, owner: string, credits: number): Promise<void> {
  if (owner !== "demo") await refundCredits(db, owner, credits);
}
