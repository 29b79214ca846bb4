/** Comparative feedback's sign and DDPO's per-report normalisation, on constructed cases. */
import { describe, expect, it } from "vitest";
import { clipAdvantages, combineRewards } from "../../../batch-jobs/rlcf/comparative-reward.js";
import { PerPromptStatTracker } from "../../../batch-jobs/rlcf/stat-tracker.js";

const scores = (posture: number[], diagnostic: number[], consistency: number[]) => ({ posture, diagnostic, consistency });
const all = { posture: 1, diagnostic: 1, consistency: 1 };

describe("comparative rewards", () => {
  it("reward a film that beats the anchor and penalise one that falls behind", () => {
    const model = scores([-0.1, -0.3], [0.8, 0.4], [0.5, 0.2]);
    const anchor = scores([-0.2, -0.2], [0.6, 0.6], [0.4, 0.4]);
    const { total, parts } = combineRewards(model, anchor, all, "comparative");
    expect(total[0]).toBeGreaterThan(0);
    expect(total[1]).toBeLessThan(0);
    expect(parts.posture[0]).toBeCloseTo(0.1, 12);
    expect(total[0]).toBeCloseTo(0.1 + 0.2 + 0.1, 12);
  });

  it("are zero when the film equals the anchor's, whatever its absolute reward", () => {
    const same = scores([-0.5], [0.1], [0.9]);
    expect(combineRewards(same, same, all, "comparative").total).toEqual([0]);
    expect(combineRewards(same, null, all, "direct").total[0]).toBeCloseTo(0.5, 12);
  });

  it("weight each goal (0 leaves it out)", () => {
    const model = scores([-0.1], [0.9], [0.3]);
    const anchor = scores([-0.3], [0.5], [0.6]);
    expect(combineRewards(model, anchor, { posture: 0, diagnostic: 2, consistency: 0 }, "comparative").total[0]).toBeCloseTo(0.8, 12);
  });

  it("refuse comparative feedback without the anchor's scores", () => {
    expect(() => combineRewards(scores([0], [0], [0]), null, all, "comparative")).toThrow(/anchor/);
  });
});

describe("per-report stat tracker", () => {
  it("normalises by the batch until a report has minCount rewards, then by its own buffer", () => {
    const tracker = new PerPromptStatTracker({ bufferSize: 4, minCount: 3 });
    const first = tracker.update(["a", "a", "b", "b"], [1, 3, 10, 30]);
    const mean = 11, std = Math.sqrt(((1 - mean) ** 2 + (3 - mean) ** 2 + (10 - mean) ** 2 + (30 - mean) ** 2) / 4);
    expect(first[0]).toBeCloseTo((1 - mean) / std, 5);
    const second = tracker.update(["a", "a"], [5, 7]); // buffer a = [1, 3, 5, 7]
    const aStd = Math.sqrt(5);
    expect(second[0]).toBeCloseTo((5 - 4) / aStd, 5);
    expect(second[1]).toBeCloseTo((7 - 4) / aStd, 5);
  });

  it("keeps only bufferSize values per report, and its state round-trips", () => {
    const tracker = new PerPromptStatTracker({ bufferSize: 2, minCount: 1 });
    tracker.update(["a", "a", "a"], [1, 2, 3]);
    expect(tracker.state()).toEqual({ a: [2, 3] });
    const restored = new PerPromptStatTracker({ bufferSize: 2, minCount: 1 }, tracker.state());
    expect(restored.update(["a"], [4])).toEqual(tracker.update(["a"], [4]));
  });

  it("advantages are clipped symmetrically", () => {
    expect(clipAdvantages([-9, 0.5, 7], 5)).toEqual([-5, 0.5, 5]);
  });
});
