/** Linear layer y = x·W + b on the last axis (W stored [in, out] so no transpose is emitted). */
import type { GraphBuilder } from "../graph/builder.js";
import { MlError, fmtShape } from "../graph/errors.js";
import { fanInUniform, type Init } from "../graph/init.js";
import { add } from "../graph/ops/elementwise.js";
import { matmul } from "../graph/ops/linalg.js";
import type { Tensor } from "../graph/tensor.js";
import { loraDelta, type LoraConfig } from "./lora.js";

export interface LinearOptions {
  inFeatures: number;
  outFeatures: number;
  /** Add a bias (default true). */
  bias?: boolean;
  /** Low-rank adapter on this layer (its params go in the LoRA group). */
  lora?: LoraConfig;
  /** Group of W and b (default "base"). */
  group?: string;
  /** Weight init (default PyTorch's fan-in uniform); adaLN-Zero passes zeros. */
  init?: Init;
}

export function linear(g: GraphBuilder, name: string, x: Tensor, o: LinearOptions): Tensor {
  if (x.dim(-1) !== o.inFeatures) {
    throw new MlError("ML_SHAPE", `linear "${name}": input ${fmtShape(x.shape)} does not end in inFeatures=${o.inFeatures}`);
  }
  const group = o.group ?? "base";
  const w = g.param(`${name}.weight`, [o.inFeatures, o.outFeatures], { group, init: o.init ?? fanInUniform(o.inFeatures) });
  let y = matmul(x, w);
  if (o.lora) y = add(y, loraDelta(g, `${name}.weight`, x, o.inFeatures, o.outFeatures, o.lora));
  if (o.bias ?? true) y = add(y, g.param(`${name}.bias`, [o.outFeatures], { group, init: o.init ? { kind: "zeros" } : fanInUniform(o.inFeatures) }));
  return y;
}
