/** Posture conditioning's feeds (architecture.posture): each training row carries its film's ψ; sampling asks for the identity. */
import { describe, expect, it } from "vitest";
import { TRAIN_CONFIGS } from "../../../batch-jobs/generator/config.js";
import { encodeCondition, encodePosture, POSTURE_FEATURES } from "../../../batch-jobs/generator/condition.js";
import { conditionFeeds, type EncodedReport } from "../../../batch-jobs/generator/feeds.js";
import type { FilmSource } from "../../../batch-jobs/generator/film-pool.js";
import { cosineAlphaBar } from "../../../batch-jobs/generator/schedule.js";
import { trainingBatch } from "../../../batch-jobs/generator/training-batch.js";
import { canonicalize } from "../../../shared/report/index.js";
import { createRng } from "../../../shared/random.js";

const cfg = { ...TRAIN_CONFIGS["tiny-posture"], batch: 6 };
const a = cfg.architecture;
const report: EncodedReport = { ids: new Array(a.maxTokens).fill(0), mask: new Array(a.maxTokens).fill(0), codes: encodeCondition(canonicalize("Small right pleural effusion.").condition) };
const tilted = (k: number) => ({ sx: 1 + 0.01 * k, sy: 0.95, tx: -0.02 * k, ty: 0.03, theta: 0.05 * k });
const pool: FilmSource = { size: 3, film: (k) => ({ pixels: new Float32Array(a.size ** 2), report, posture: tilted(k) }) };

describe("posture conditioning feeds", () => {
  it("encodes the identity as zeros and a tilt in proportion to ψ − identity", () => {
    expect(encodePosture()).toEqual([0, 0, 0, 0, 0]);
    expect(encodePosture(tilted(2)).map((v) => Number(v.toFixed(6)))).toEqual([0.2, -0.5, -0.4, 0.3, 1]);
  });

  it("a training batch carries each row's film posture", () => {
    const batch = trainingBatch(cfg, pool, cosineAlphaBar(), createRng(1));
    const posture = batch.posture!;
    expect(posture.dims).toEqual([cfg.batch, POSTURE_FEATURES]);
    const rows = Array.from({ length: cfg.batch }, (_, r) => Array.from(posture.data.subarray(r * POSTURE_FEATURES, (r + 1) * POSTURE_FEATURES) as Float32Array));
    // Every row is one of the pool's three films, encoded exactly.
    const known = [0, 1, 2].map((k) => Array.from(Float32Array.from(encodePosture(tilted(k)))));
    rows.forEach((row) => expect(known).toContainEqual(row));
  });

  it("sampling rows (no posture given) ask for the upright film; architectures without it get no such input", () => {
    const feeds = conditionFeeds(a, [report, report], [{ keep: true, showText: true }, { keep: false, showText: true }]);
    expect(Array.from(feeds.posture!.data as Float32Array)).toEqual(new Array(2 * POSTURE_FEATURES).fill(0));
    expect(conditionFeeds(TRAIN_CONFIGS.tiny.architecture, [report], [{ keep: true, showText: true }]).posture).toBeUndefined();
  });
});
