/** Two-layer MLP with GELU (tanh form by default: runs in float64 too), as in ViT/DiT blocks. */
import type { GraphBuilder } from "../graph/builder.js";
import { gelu, geluTanh, silu } from "../graph/ops/activations.js";
import type { Tensor } from "../graph/tensor.js";
import { linear } from "./linear.js";
import type { LoraConfig } from "./lora.js";

export type Activation = "gelu" | "gelu_tanh" | "silu";
export const ACTIVATIONS: Record<Activation, (x: Tensor) => Tensor> = { gelu, gelu_tanh: geluTanh, silu };

export interface MlpOptions {
  dim: number;
  hidden: number;
  /** Output width (default dim). */
  outDim?: number;
  activation?: Activation;
  lora?: LoraConfig;
  group?: string;
}

export function mlp(g: GraphBuilder, name: string, x: Tensor, o: MlpOptions): Tensor {
  const h = linear(g, `${name}.fc1`, x, { inFeatures: o.dim, outFeatures: o.hidden, lora: o.lora, group: o.group });
  const act = ACTIVATIONS[o.activation ?? "gelu_tanh"](h);
  return linear(g, `${name}.fc2`, act, { inFeatures: o.hidden, outFeatures: o.outDim ?? o.dim, lora: o.lora, group: o.group });
}
