/**
 * What bench:finetune measures: the `cxrl` fine-tune config (batch-jobs/rlcf/config.ts) on the
 * generator of bench/generate (the committed bundle's architecture, else cxr-64's), with only the
 * sizes a smoke run shrinks overridable, and the trainable parameter counts that decide whether
 * the PyTorch reference is the same model.
 */
import { finetuneConfigSchema, FINETUNE_CONFIGS, type FinetuneConfig } from "../../batch-jobs/rlcf/config.js";
import { LORA_GROUP } from "../../batch-jobs/rlcf/policy.js";
import { buildPolicyGraph } from "../../batch-jobs/rlcf/policy-graph.js";
import { ACE_GROUP } from "../../batch-jobs/generator/ace.js";
import type { GraphBuilder } from "../../batch-jobs/ml/index.js";
import { measuredArchitecture } from "../generate/generator-source.js";

export const CONFIG_NAME = "cxrl";

/** The fields a run may shrink (a smoke run); everything else is the config's. */
export type ConfigOverrides = Partial<Pick<FinetuneConfig, "promptsPerEpoch" | "samplesPerPrompt" | "steps" | "trainBatch">>;

export const measuredConfig = (o: ConfigOverrides = {}): FinetuneConfig => finetuneConfigSchema.parse({ ...FINETUNE_CONFIGS[CONFIG_NAME], ...o });

export interface TrainableCounts {
  /** The frozen denoiser (the PPO graph's base weights). */
  denoiser: number;
  lora: number;
  ace: number;
  trainable: number;
}

const countIn = (g: GraphBuilder, groups: readonly string[]): number => g.paramsIn(groups).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);

/** Parameter counts of the policy graph (batch 1: counts do not depend on it), compared with PyTorch's. */
export function trainableCounts(cfg: FinetuneConfig): TrainableCounts {
  const a = { ...measuredArchitecture(), ace: cfg.ace };
  const g = buildPolicyGraph(a, 1, { lora: { ...cfg.lora, group: LORA_GROUP }, guidance: cfg.guidance, clipRange: cfg.clipRange, klWeight: cfg.klWeight });
  const [denoiser, lora, ace] = [countIn(g, ["base"]), countIn(g, [LORA_GROUP]), countIn(g, [ACE_GROUP])];
  return { denoiser, lora, ace, trainable: lora + ace };
}
