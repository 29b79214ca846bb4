/**
 * The one price list: what an order reserves when it is accepted, what each delivered image is
 * charged, and what is refunded when the order ends without delivering everything. An order is
 * charged and refunded at the price it reserved (never today's config), so for every order
 * reserved = charged + refunded.
 */
import type { Principal } from "../auth/principal.js";
import { EDGE_CONFIG } from "../config.js";
import type { Dataset } from "../storage/datasets.js";
import type { GenerationSettings } from "../storage/generations.js";

type Reserved = { settings: Pick<GenerationSettings, "creditsReserved"> };

/** A cache hit costs less than GPU work; the public demo pays nothing. */
export function generationReservation(request: { payer: Principal["kind"]; cached: boolean }): number {
  if (request.payer === "demo") return 0;
  return request.cached ? EDGE_CONFIG.creditsPerCachedImage : EDGE_CONFIG.creditsPerGeneratedImage;
}

/** A generation is one image: delivering it charges the whole reservation. */
export function generationCharge(generation: Reserved): number {
  return generation.settings.creditsReserved;
}

/** A generation that fails delivered nothing: the whole reservation comes back. */
export function generationRefund(generation: Reserved): number {
  return generation.settings.creditsReserved;
}

export function datasetReservation(images: number): number {
  return images * EDGE_CONFIG.creditsPerGeneratedImage;
}

/** Each delivered image is charged its share of the reservation. */
export function datasetItemCharge(dataset: Pick<Dataset, "costCredits" | "total">): number {
  return dataset.costCredits / dataset.total;
}

/** A dataset that ends (settles, fails or is cancelled) gets back every image it was not delivered. */
export function datasetRefund(dataset: Pick<Dataset, "costCredits" | "total" | "done">): number {
  return dataset.costCredits - dataset.done * datasetItemCharge(dataset);
}
