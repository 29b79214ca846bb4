/** The one price list (edge/src/billing/pricing.ts) and the one ledger-key builder (charges.ts). */
import { describe, expect, it } from "vitest";
import { ledgerKey } from "../../../edge/src/billing/charges.js";
import { datasetItemCharge, datasetRefund, datasetReservation, generationCharge, generationRefund, generationReservation } from "../../../edge/src/billing/pricing.js";
import { EDGE_CONFIG } from "../../../edge/src/config.js";

const { creditsPerGeneratedImage: GENERATED, creditsPerCachedImage: CACHED } = EDGE_CONFIG;

describe("pricing", () => {
  it.each([
    ["partner", false, GENERATED],
    ["partner", true, CACHED],
    ["demo", false, 0],
    ["demo", true, 0],
  ] as const)("a %s generation (cached %s) reserves %i", (payer, cached, credits) => {
    expect(generationReservation({ payer, cached })).toBe(credits);
  });

  it("a generation is charged its reservation", () => {
    expect(generationCharge({ settings: { creditsReserved: 7 } })).toBe(7);
  });

  it("a failed generation is refunded its reservation", () => {
    expect(generationRefund({ settings: { creditsReserved: 7 } })).toBe(7);
  });

  it("a dataset reserves every image", () => {
    expect(datasetReservation(3)).toBe(3 * GENERATED);
  });

  it("a dataset image is charged at the price the order reserved, not today's", () => {
    expect(datasetItemCharge({ costCredits: 12, total: 4 })).toBe(3);
  });

  it.each([0, 1, 3, 4])("with %i of 4 images delivered, charged + refunded = reserved", (done) => {
    const dataset = { costCredits: 4 * GENERATED, total: 4, done };
    expect(done * datasetItemCharge(dataset) + datasetRefund(dataset)).toBe(dataset.costCredits);
  });
});

describe("ledger keys", () => {
  it("a generation's image is keyed by the generation", () => {
    expect(ledgerKey({ kind: "generation", generationId: "gen_1" })).toBe("generation:gen_1");
  });

  it("a dataset's image is keyed by the dataset and the item", () => {
    expect(ledgerKey({ kind: "dataset-item", datasetId: "ds_1", itemIndex: 3 })).toBe("dataset:ds_1:3");
  });
});
