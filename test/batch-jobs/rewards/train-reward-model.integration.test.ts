/**
 * Training → registry → loading, with tiny configs that train in seconds: each family publishes
 * a bundle (weights, card, manifest with metrics) that RewardModels.load turns into working scorers.
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { RewardModels, trainRewardModel } from "../../../batch-jobs/rewards/index.js";
import { renderFilmBank } from "../../../batch-jobs/rewards/film-bank.js";
import { ModelRegistry } from "../../../batch-jobs/registry/model-registry.js";
import { LocalObjectStore } from "../../../batch-jobs/storage/local-object-store.js";

const tiny = { films: 64, steps: 6, heldOutFilms: 100, intraOpThreads: 1 };
let registry: ModelRegistry;

beforeAll(async () => {
  process.env["CXR_PROGRESS"] = "off";
  registry = new ModelRegistry(new LocalObjectStore(await mkdtemp(path.join(os.tmpdir(), "cxr-rewards-"))));
  for (const name of ["reward-posture", "reward-classifier", "reward-clip"] as const) {
    await trainRewardModel(name, { registry, version: "t1", overrides: tiny });
  }
}, 120_000);

describe("trainRewardModel", () => {
  it("publishes a manifest with held-out posture MAE per parameter", async () => {
    const m = await registry.getManifest("reward-posture", "t1");
    expect(Object.keys(m!.metrics)).toEqual(expect.arrayContaining(["mae_sx", "mae_sy", "mae_tx", "mae_ty", "mae_theta", "minutes_total"]));
  });
  it("publishes per-label AUROC and support for the classifier", async () => {
    const m = await registry.getManifest("reward-classifier", "t1");
    expect(Object.keys(m!.metrics)).toEqual(expect.arrayContaining(["mean_auroc", "support_pleural_effusion", "projection_accuracy"]));
  });
  it("publishes retrieval R@1 / R@5 and zero-shot AUROC for the dual encoder", async () => {
    const m = await registry.getManifest("reward-clip", "t1");
    expect(Object.keys(m!.metrics)).toEqual(expect.arrayContaining(["retrieval_r1", "retrieval_r5", "zero_shot_mean_auroc"]));
  });
  it("writes a model card naming the command and the minutes", async () => {
    const card = new TextDecoder().decode((await registry.load("reward-posture", "t1")).files.get("card.md"));
    expect(card).toMatch(/Command: `npm run train:rewards -- --only reward-posture`[\s\S]*Wall time: .*min/);
  });
  it("moves the production alias to the new version", async () => {
    expect(await registry.resolve("reward-clip", "production")).toBe("t1");
  });
  it("the bundles load as RewardModels and score 40 films (two batches) one entry per film", async () => {
    const bank = renderFilmBank({ count: 40, size: 64, firstSeed: 9_800_000 });
    const rewards = await RewardModels.load(registry);
    const s = await rewards.score(bank.pixels, bank.count, 64, bank.reports);
    await rewards.dispose();
    expect([s.posture.length, s.diagnostic.length, s.consistency.length, s.consistency.every((c) => c >= -1.0001 && c <= 1.0001)]).toEqual([40, 40, 40, true]);
  });
});
