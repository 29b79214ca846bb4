/**
 * Per-image quality scores of generated films: the three reward models' values (posture
 * alignment r_align ≤ 0, diagnostic condition r_diag ∈ [0, 1], multimodal consistency r_consist
 * ∈ [−1, 1]) — the same rewards the RL fine-tune optimises, so partners see what it sees. When
 * the registry has no reward bundles the films carry no scores (null) and the job log says so.
 */
import { RewardModels } from "../rewards/index.js";
import type { ModelRegistry } from "../registry/model-registry.js";

export interface QualityScorer {
  score(films: Float32Array, size: number, reports: string[]): Promise<(Record<string, number> | null)[]>;
  readonly describe: string;
  dispose(): Promise<void>;
}

const REWARD_NAMES = ["reward-posture", "reward-classifier", "reward-clip"] as const;

export async function loadQualityScorer(registry: ModelRegistry, provider: "cpu" | "cuda"): Promise<QualityScorer> {
  const missing = [];
  for (const name of REWARD_NAMES) if (!(await registry.resolve(name, "production"))) missing.push(name);
  if (missing.length > 0) {
    return { score: async (_f, _s, reports) => reports.map(() => null), describe: `none (registry lacks ${missing.join(", ")})`, dispose: async () => {} };
  }
  const rewards = await RewardModels.load(registry, { provider });
  return {
    async score(films, size, reports) {
      const s = await rewards.score(films, reports.length, size, reports);
      return reports.map((_, i) => ({ posture: round(s.posture[i]!), diagnostic: round(s.diagnostic[i]!), consistency: round(s.consistency[i]!) }));
    },
    describe: REWARD_NAMES.join(", "),
    dispose: () => rewards.dispose(),
  };
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;
