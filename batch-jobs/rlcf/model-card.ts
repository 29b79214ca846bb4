/** card.md of a fine-tuned generator: what it was tuned from, how, and what the gate measured. */
import type { GateResult } from "../jobs/finetune-gate.js";
import type { FinetuneConfig } from "./config.js";
import type { EpochRecord } from "./finetune-run.js";

export function finetuneCard(o: { candidate: string; baseline: string; configName: string; config: FinetuneConfig; seed: number; history: readonly EpochRecord[]; gate: GateResult; minutes: number }): string {
  const c = o.config;
  const f = (v: number | null) => (v === null || !Number.isFinite(v) ? "n/a" : v.toFixed(3));
  const rewards = Object.entries(c.rewards).filter(([, w]) => w > 0).map(([k, w]) => `${k} ×${w}`).join(", ");
  const last = o.history[o.history.length - 1];
  return `# ${o.candidate} — CXRL fine-tune of ${o.baseline}

- **Method**: policy-gradient RL with ${c.feedback === "comparative" ? "comparative feedback (r(x) − r(x̂) against the frozen anchor, same report and x_T)" : "direct feedback (r(x) alone; ablation)"};
  rewards ${rewards}; PPO-clipped surrogate (ε ${c.clipRange}, advantage clip ${c.advantageClip}), per-report stat tracker.
- **Trainable**: ${c.trainLora ? `LoRA rank ${c.lora.rank} (α ${c.lora.alpha}) on the denoiser${c.ace ? " + ACE tokens behind zero-initialised gates" : " (no ACE: ablation)"}; base weights frozen, LoRA merged into them here` : "ACE tokens behind zero-initialised gates only; the denoiser's weights are the anchor's"}.
- **Run**: config \`${o.configName}\`, seed ${o.seed}, ${o.history.length} epochs of ${c.promptsPerEpoch} reports × ${c.samplesPerPrompt} films, ${c.steps} DDIM steps, η ${c.eta}, guidance ${c.guidance};
  ${o.minutes.toFixed(1)} minutes in the last attempt (2-core CPU). Final epoch: reward ${f(last?.reward ?? null)}, win rate vs anchor ${f(last?.winRate ?? null)}.
- **Gate** (${o.gate.benchmark}, judges only): ${o.gate.passes ? "passes" : "fails"}.
${o.gate.checks.map((k) => `  - ${k.figure}: ${f(k.candidate)} vs ${f(k.baseline)} (${k.rule}) — ${k.pass ? "pass" : "FAIL"}`).join("\n")}
`;
}
