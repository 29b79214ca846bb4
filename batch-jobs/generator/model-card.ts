/** The model card written into every generator bundle (card.md). */
import type { NamedTensors } from "../ml/index.js";
import type { TrainConfig } from "./config.js";

export function modelCard(o: { name: string; version: string; configName: string; config: TrainConfig; seed: number; params: NamedTensors<Float32Array>; finalLoss: number; minutes: number; vocab: number; parent?: string }): string {
  const a = o.config.architecture;
  const count = Object.values(o.params).reduce((n, t) => n + t.data.length, 0);
  return `# ${o.name} ${o.version} — text-to-chest-X-ray diffusion generator

- **Architecture**: DiT denoiser (${a.depth} blocks, width ${a.dim}, ${a.heads} heads, ${a.patch}×${a.patch} patches of a ${a.size}×${a.size} film${a.refine ? `, then a ${a.refine}-channel convolutional refinement head at full resolution` : ""}) with
  cross-attention to ${15} structured-condition tokens + ${a.maxTokens} report tokens (text encoder: ${a.textLayers} transformer layers,
  WordPiece vocabulary of ${o.vocab})${a.posture ? "; conditioned on the film's posture ψ (the simulator's in training, upright when sampling)" : ""}; ${count.toLocaleString("en-US")} parameters, float32.
- **Objective**: v-prediction, cosine schedule over 1000 steps, ${o.config.nullConditionRate * 100}% null condition (classifier-free guidance),
  ${o.config.textDropRate * 100}% report text hidden (condition tokens only)${o.config.viewDropRate > 0 ? `, ${o.config.viewDropRate * 100}% view left unstated` : ""}.
- **Training data**: procedural simulator films (batch-jobs/data/phantom), seeds ${o.config.trainSeedBase}…${o.config.trainSeedBase + o.config.pool - 1}
  (pool of ${o.config.pool}); held-out evaluation uses seeds ≥ 3,000,000,000. No real patient data.
- **Training run**: ${o.parent ? `continued from ${o.parent}; ` : ""}config \`${o.configName}\`, seed ${o.seed}, ${o.config.steps} steps of ${o.config.batch}, AdamW peak lr ${o.config.peakLr}${o.config.emaDecay > 0 ? `, weights exported as their moving average (decay ${o.config.emaDecay})` : ""};
  final loss ${o.finalLoss.toFixed(4)}; ${o.minutes.toFixed(1)} minutes in the last attempt (2-core CPU, onnxruntime-node).
- **Sampling**: DDIM, default 50 steps, guidance 4, η = 0 (η > 0 for the RL fine-tune's log-probabilities).
- **Known limits**: ${a.size}×${a.size} pixels: small findings (nodules, fractures, thin lines) are at or below the resolution;
  simulator anatomy only; quality figures are in docs/generator.md, measured by judge models, not by this model.
`;
}
