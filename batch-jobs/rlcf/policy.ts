/**
 * The trainable policy: the anchor's frozen weights plus LoRA adapters on the denoiser and (unless
 * the ablation turns them off) ACE tokens. One Float32Array per trainable tensor is shared by
 *   - the rollout model (a GeneratorModel whose graphs take every weight as an input), and
 *   - the PPO training session (frozen weights baked in as initializers, trainable ones as inputs),
 * so an optimiser update is seen by the next rollout without recompiling anything.
 */
import { compileInference, compileTraining, initParameters, Runtime, type NamedTensors, type Params } from "../ml/index.js";
import { mergeLora, type LoraConfig } from "../ml/nn/lora.js";
import { ACE_GROUP } from "../generator/ace.js";
import { compileGraphs, type LoadedGenerator } from "../generator/bundle.js";
import type { Architecture } from "../generator/config.js";
import { buildDenoiserGraph, buildEncoderGraph } from "../generator/graphs.js";
import { GeneratorModel } from "../generator/model.js";
import type { FinetuneConfig } from "./config.js";
import { buildPolicyGraph } from "./policy-graph.js";

export const LORA_GROUP = "lora";

export class Policy {
  private constructor(
    readonly architecture: Architecture,
    /** LoRA (+ ACE) tensors: what the optimiser updates and the checkpoint holds. */
    readonly trainable: Params,
    private readonly base: NamedTensors<Float32Array>,
    readonly model: GeneratorModel,
    readonly training: Runtime,
    readonly encoder: Runtime,
    private readonly lora: LoraConfig | undefined,
  ) {}

  static async create(anchor: LoadedGenerator, cfg: FinetuneConfig, o: { seed: number; rolloutBatch: number }): Promise<Policy> {
    const a: Architecture = { ...anchor.config.architecture, ace: cfg.ace };
    const lora = cfg.trainLora ? { rank: cfg.lora.rank, alpha: cfg.lora.alpha, group: LORA_GROUP } : undefined;
    const base = anchor.weights as NamedTensors<Float32Array>;
    const graph = buildPolicyGraph(a, cfg.trainBatch, { lora, guidance: cfg.guidance, clipRange: cfg.clipRange, klWeight: cfg.klWeight });
    const fresh = initParameters(graph, o.seed);
    const groups = [...(lora ? [LORA_GROUP] : []), ...(cfg.ace ? [ACE_GROUP] : [])];
    const trainable: Params = Object.fromEntries(graph.paramsIn(groups).map((p) => [p.name, fresh[p.name]!]));
    const all = { ...base, ...trainable };
    const threads = { provider: "cpu" as const, intraOpThreads: cfg.threads };
    const training = await Runtime.create(compileTraining(graph, all, { trainable: groups, loss: "loss" }).onnxBytes, { ...threads, memoryPattern: false });
    const encoder = await Runtime.create(compileInference(buildEncoderGraph(a, 1), base).onnxBytes, threads);
    const model = new GeneratorModel(a, anchor.model.tokenizer, compileGraphs(a, all, [o.rolloutBatch], true, lora), all, threads);
    return new Policy(a, trainable, base, model, training, encoder, lora);
  }

  /** Replaces the trainable values in place (checkpoint restore); sessions keep seeing the same buffers. */
  load(values: NamedTensors): void {
    for (const [name, t] of Object.entries(this.trainable)) {
      const v = values[name];
      if (!v || v.data.length !== t.data.length) throw new Error(`checkpoint has no ${name} of ${t.data.length} values`);
      t.data.set(v.data as Float32Array);
    }
  }

  /** The fine-tuned model as plain weights: W + (α/r)·A·B folded in, ACE kept, base untouched. */
  merged(): NamedTensors<Float32Array> {
    const g = buildDenoiserGraph(this.architecture, 1, this.lora);
    const copy = (t: { dims: number[]; data: Float32Array }) => ({ dims: [...t.dims], data: Float32Array.from(t.data) });
    const params = Object.fromEntries(Object.entries({ ...this.base, ...this.trainable }).map(([n, t]) => [n, copy(t as { dims: number[]; data: Float32Array })]));
    return mergeLora(g, params);
  }

  async dispose(): Promise<void> {
    this.training.dispose();
    this.encoder.dispose();
    await this.model.dispose();
  }
}
