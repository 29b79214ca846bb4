/** View dropout in the training batch (config viewDropRate): the view token says "not stated", as most real reports leave it. */
import { describe, expect, it } from "vitest";
import { TRAIN_CONFIGS } from "../../../batch-jobs/generator/config.js";
import { CONDITION_TOKENS, encodeCondition, withViewUnstated } from "../../../batch-jobs/generator/condition.js";
import type { FilmSource } from "../../../batch-jobs/generator/film-pool.js";
import { cosineAlphaBar } from "../../../batch-jobs/generator/schedule.js";
import { trainingBatch } from "../../../batch-jobs/generator/training-batch.js";
import { canonicalize } from "../../../shared/report/index.js";
import { createRng } from "../../../shared/random.js";

const cfg = { ...TRAIN_CONFIGS.tiny, batch: 8 };
const n = cfg.architecture.size ** 2;
const codes = encodeCondition(canonicalize("PORTABLE AP SUPINE. Limited inspiration. Small right pleural effusion.").condition);
const pool: FilmSource = { size: 3, film: (k) => ({ pixels: new Float32Array(n).fill(k / 3), report: { ids: new Array(cfg.architecture.maxTokens).fill(0), mask: new Array(cfg.architecture.maxTokens).fill(0), codes } }) };
const VIEW = CONDITION_TOKENS - 1;
const viewCodes = (batch: ReturnType<typeof trainingBatch>, field: string) =>
  Array.from({ length: cfg.batch }, (_, r) => Number((batch[`cond_${field}`]!.data as BigInt64Array)[r * CONDITION_TOKENS + VIEW]));

describe("view dropout", () => {
  it("withViewUnstated clears projection and position, keeps the flags and every finding", () => {
    const hidden = withViewUnstated(codes);
    expect(codes.status[VIEW]).toBe(2); // AP
    expect(codes.laterality[VIEW]).toBe(3); // supine
    expect(hidden.status[VIEW]).toBe(0);
    expect(hidden.laterality[VIEW]).toBe(0);
    expect(hidden.severity).toEqual(codes.severity); // portable, limited inspiration
    expect(hidden.status.slice(0, VIEW)).toEqual(codes.status.slice(0, VIEW));
  });

  it("at rate 0 draws nothing extra (older recipes replay bit for bit); at rate 1 every row's view is unstated", () => {
    const alphaBar = cosineAlphaBar();
    const counted = (draws: { chance: number }) => {
      const rng = createRng(5);
      return { ...rng, chance: (p: number) => (draws.chance++, rng.chance(p)) };
    };
    const [offDraws, onDraws] = [{ chance: 0 }, { chance: 0 }];
    const off = trainingBatch({ ...cfg, viewDropRate: 0 }, pool, alphaBar, counted(offDraws));
    expect(offDraws.chance).toBe(2 * cfg.batch); // null condition and text, as before view dropout existed
    expect(viewCodes(off, "status")).toEqual(new Array(cfg.batch).fill(2));
    const on = trainingBatch({ ...cfg, viewDropRate: 1 }, pool, alphaBar, counted(onDraws));
    expect(onDraws.chance).toBe(3 * cfg.batch);
    expect(viewCodes(on, "status")).toEqual(new Array(cfg.batch).fill(0));
    expect(viewCodes(on, "laterality")).toEqual(new Array(cfg.batch).fill(0));
    // The first row's film and noise are drawn before its dropout draw, so they match the rate-0 batch.
    expect(Array.from((on["x"]!.data as Float32Array).subarray(0, n))).toEqual(Array.from((off["x"]!.data as Float32Array).subarray(0, n)));
  });
});
