/**
 * LoRA (Hu et al. 2021, eq. 3): h = x·W + (α/r)·x·A·B with A [in, r] small random (seeded) and
 * B [r, out] zero, so the adapted model starts equal to the base. Weights are stored [in, out],
 * so this is the paper's W₀ + (α/r)·B·A transposed. Adapter params live in their own group.
 */
import type { GraphBuilder } from "../graph/builder.js";
import { MlError } from "../graph/errors.js";
import { fanInUniform } from "../graph/init.js";
import { matmul } from "../graph/ops/linalg.js";
import { mul } from "../graph/ops/elementwise.js";
import type { Tensor } from "../graph/tensor.js";
import type { HostTensor, NamedTensors } from "../host-tensor.js";

export interface LoraConfig {
  /** Rank r of the update (cost: r·(in+out) params per adapted layer). */
  rank: number;
  /** Scale numerator: the update is multiplied by alpha / rank (default = rank, i.e. ×1). */
  alpha?: number;
  /** Parameter group of A and B (default "lora"): the group to pass as trainable. */
  group?: string;
}

/** (α/r)·(x·A)·B for the layer whose base weight is `baseName` ([in, out]). */
export function loraDelta(g: GraphBuilder, baseName: string, x: Tensor, inF: number, outF: number, cfg: LoraConfig): Tensor {
  if (!Number.isInteger(cfg.rank) || cfg.rank < 1) throw new MlError("ML_PARAM", `LoRA on "${baseName}": rank must be a positive integer, got ${cfg.rank}`);
  const group = cfg.group ?? "lora";
  const stem = baseName.replace(/\.weight$/, "");
  const a = g.param(`${stem}.lora_a`, [inF, cfg.rank], { group, init: fanInUniform(inF) });
  const b = g.param(`${stem}.lora_b`, [cfg.rank, outF], { group, init: { kind: "zeros" } });
  const scale = (cfg.alpha ?? cfg.rank) / cfg.rank;
  if (!g.loraPairs.some((p) => p.base === baseName)) g.loraPairs.push({ base: baseName, a: `${stem}.lora_a`, b: `${stem}.lora_b`, scale });
  return mul(matmul(matmul(x, a), b), scale);
}

/**
 * Folds every adapter of `g` into its base weight: W' = W + (α/r)·A·B. Returns a new set of
 * params without the adapter tensors, for the same model built without LoRA.
 */
export function mergeLora(g: GraphBuilder, params: NamedTensors<Float32Array>): NamedTensors<Float32Array> {
  const out: NamedTensors<Float32Array> = { ...params };
  for (const p of g.loraPairs) {
    const [w, a, b] = [params[p.base], params[p.a], params[p.b]];
    if (!w || !a || !b) throw new MlError("ML_PARAM", `mergeLora: need "${p.base}", "${p.a}" and "${p.b}" in params`);
    out[p.base] = mergedWeight(w, a, b, p.scale);
    delete out[p.a];
    delete out[p.b];
  }
  return out;
}

function mergedWeight(w: HostTensor<Float32Array>, a: HostTensor<Float32Array>, b: HostTensor<Float32Array>, scale: number): HostTensor<Float32Array> {
  const [inF, r] = a.dims as [number, number];
  const outF = b.dims[1]!;
  const data = Float32Array.from(w.data);
  for (let i = 0; i < inF; i++) {
    for (let k = 0; k < r; k++) {
      const aik = a.data[i * r + k]! * scale;
      if (aik === 0) continue;
      for (let o = 0; o < outF; o++) data[i * outF + o]! += aik * b.data[k * outF + o]!;
    }
  }
  return { dims: [...w.dims], data };
}
