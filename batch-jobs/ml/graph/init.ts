/** Parameter initialisers: declared with the parameter, materialised from a seed per name. */
import { createRng, hashLabel } from "../../../shared/random.js";
import { elementCount, type NamedTensors } from "../host-tensor.js";
import type { GraphBuilder } from "./builder.js";

export type Init =
  | { kind: "zeros" }
  | { kind: "ones" }
  | { kind: "constant"; value: number }
  /** N(0, std²). */
  | { kind: "normal"; std: number }
  /** U(-bound, bound). */
  | { kind: "uniform"; bound: number }
  /** Explicit values (e.g. fixed tables); length must equal the element count. */
  | { kind: "values"; values: readonly number[] };

/** Fan-in uniform init as in PyTorch's nn.Linear / nn.Conv2d (He et al. 2015, a=√5 ⇒ 1/√fan_in). */
export function fanInUniform(fanIn: number): Init {
  return { kind: "uniform", bound: 1 / Math.sqrt(fanIn) };
}

export function materialize(init: Init, shape: readonly number[], seed: number, name: string): Float32Array {
  const n = elementCount(shape);
  const out = new Float32Array(n);
  const rng = createRng(seed ^ hashLabel(name));
  switch (init.kind) {
    case "zeros":
      break;
    case "ones":
      out.fill(1);
      break;
    case "constant":
      out.fill(init.value);
      break;
    case "normal":
      for (let i = 0; i < n; i++) out[i] = rng.normal() * init.std;
      break;
    case "uniform":
      for (let i = 0; i < n; i++) out[i] = rng.uniform(-init.bound, init.bound);
      break;
    case "values":
      if (init.values.length !== n) throw new Error(`init values for "${name}" have ${init.values.length} elements, shape needs ${n}`);
      out.set(init.values);
      break;
  }
  return out;
}

/** Seeded values for every parameter of `g` (each from its own stream: adding a param changes no other). */
export function initParameters(g: GraphBuilder, seed: number): NamedTensors<Float32Array> {
  const out: NamedTensors<Float32Array> = {};
  for (const p of g.params.values()) out[p.name] = { dims: [...p.shape], data: materialize(p.init, p.shape, seed, p.name) };
  return out;
}
