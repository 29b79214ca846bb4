/**
 * Rewards with comparative feedback (CXRL's RLCF): for each goal-oriented reward k the model's film
 * x is compared with the frozen anchor's film x̂ for the same report and initial noise x_T,
 *   Δ_k = r_k(x) − r_k(x̂)   (> 0: the model beat the anchor, < 0: it fell behind),
 * and the scalar reward is Σ_k w_k·Δ_k. The "direct feedback" ablation uses Σ_k w_k·r_k(x).
 */
import type { RewardScores } from "../rewards/index.js";

export const REWARD_KEYS = ["posture", "diagnostic", "consistency"] as const;
export type RewardKey = (typeof REWARD_KEYS)[number];
export type RewardWeights = Record<RewardKey, number>;
export type Feedback = "comparative" | "direct";

export interface CombinedRewards {
  /** Σ_k w_k·(Δ_k or r_k) per film. */
  total: number[];
  /** Per reward, the compared (or direct) value before weighting. */
  parts: Record<RewardKey, number[]>;
}

export function combineRewards(model: RewardScores, anchor: RewardScores | null, weights: RewardWeights, feedback: Feedback): CombinedRewards {
  if (feedback === "comparative" && !anchor) throw new Error("comparative feedback needs the anchor's rewards");
  const count = model.posture.length;
  const parts = Object.fromEntries(REWARD_KEYS.map((k) => {
    const base = feedback === "comparative" ? anchor![k] : null;
    return [k, model[k].map((r, i) => (base ? r - base[i]! : r))];
  })) as Record<RewardKey, number[]>;
  const total = Array.from({ length: count }, (_, i) => REWARD_KEYS.reduce((s, k) => s + weights[k] * parts[k][i]!, 0));
  return { total, parts };
}

export const clipAdvantages = (advantages: readonly number[], limit: number): number[] => advantages.map((a) => Math.max(-limit, Math.min(limit, a)));
