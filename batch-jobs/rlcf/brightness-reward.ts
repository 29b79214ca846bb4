/**
 * A trivially learnable stand-in reward: a film's mean pixel value, in the diagnostic slot (the
 * other two are 0). Any working policy-gradient loop raises it within a few epochs, so it tells a
 * recipe that cannot optimise (noise-dominated updates, a wrong sign) from rewards that are hard
 * to move. Used by the loop's tests and by `npm run eval:rlcf-sanity`; never by a real fine-tune.
 */
import type { RewardScorer } from "./finetune-run.js";

export function brightnessReward(size: number): RewardScorer {
  return {
    size,
    score: async (films, count, side) => {
      const n = side * side;
      const mean = Array.from({ length: count }, (_, i) => films.subarray(i * n, (i + 1) * n).reduce((s, v) => s + v, 0) / n);
      return { posture: mean.map(() => 0), diagnostic: mean, consistency: mean.map(() => 0) };
    },
  };
}

/** The weights that make the combined reward the brightness alone. */
export const BRIGHTNESS_ONLY = { posture: 0, diagnostic: 1, consistency: 0 } as const;
