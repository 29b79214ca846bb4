/**
 * DDPO's per-prompt stat tracker (Black et al. 2023, `PerPromptStatTracker`): each report keeps a
 * buffer of its last `bufferSize` rewards; an advantage is (r − mean)/(std + 1e-6) over the
 * report's buffer once it holds `minCount` values, over the whole batch before that. The state is
 * plain JSON (checkpointed with the run, so a resumed run normalises exactly as an uninterrupted one).
 */
export interface StatTrackerConfig {
  bufferSize: number;
  minCount: number;
}

export type StatTrackerState = Record<string, number[]>;

const EPS = 1e-6;

function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

export class PerPromptStatTracker {
  private readonly buffers: Map<string, number[]>;

  constructor(private readonly config: StatTrackerConfig, state: StatTrackerState = {}) {
    this.buffers = new Map(Object.entries(state).map(([k, v]) => [k, [...v]]));
  }

  /** Advantages for one batch; prompts[i] is the report of rewards[i]. Updates the buffers. */
  update(prompts: readonly string[], rewards: readonly number[]): number[] {
    if (prompts.length !== rewards.length) throw new RangeError(`stat tracker: ${prompts.length} prompts for ${rewards.length} rewards`);
    const batch = meanStd(rewards);
    const out = new Array<number>(rewards.length);
    for (const prompt of new Set(prompts)) {
      const idx = prompts.flatMap((p, i) => (p === prompt ? [i] : []));
      const buffer = [...(this.buffers.get(prompt) ?? []), ...idx.map((i) => rewards[i]!)].slice(-this.config.bufferSize);
      this.buffers.set(prompt, buffer);
      const { mean, std } = buffer.length >= this.config.minCount ? meanStd(buffer) : batch;
      for (const i of idx) out[i] = (rewards[i]! - mean) / (std + EPS);
    }
    return out;
  }

  state(): StatTrackerState {
    return Object.fromEntries([...this.buffers].map(([k, v]) => [k, [...v]]));
  }
}
