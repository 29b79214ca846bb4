/**
 * Gradient check: analytic gradients from the compiled training graph against central finite
 * differences of the inference graph (params as inputs), both run by onnxruntime. Every parameter
 * is set from a fixed deterministic grid, and the checked scalar is Σ f(x)⊙R for a fixed grid R
 * (so no symmetry can hide a wrong rule).
 */
import { GraphBuilder, Runtime, compileInference, compileTraining, op, type Tensor } from "../../../../batch-jobs/ml/index.js";
import { elementCount, type HostTensor } from "../../../../batch-jobs/ml/host-tensor.js";

export interface GradCase {
  /** What is checked (an op name or a layer). */
  name: string;
  /** Shapes of the differentiable inputs, created as params x0, x1, ... */
  shapes: number[][];
  fn: (g: GraphBuilder, xs: Tensor[]) => Tensor;
  /** ORT has no float64 kernel (Conv, ConvTranspose, Erf, Resize): check in float32. */
  float32?: boolean;
  /** Inputs in [0.5, 1.5) instead of ±[0.2, 1) (log, sqrt, pow bases). */
  positive?: boolean;
  /** Check at most this many elements per parameter (evenly spaced), default all. */
  maxPerParam?: number;
}

export interface GradResult {
  worst: number;
  checked: number;
  failures: string[];
  /** Forward ops of the graph (for the coverage check against the rule table). */
  ops: string[];
}

/** Tolerances: float64 FD with h=1e-6; float32 FD with h=1e-2 (round-off ~1e-4 of the loss). */
const TOL = { float64: { h: 1e-6, atol: 1e-6, rtol: 1e-5 }, float32: { h: 1e-2, atol: 3e-3, rtol: 2e-2 } };

export function gridValue(param: number, k: number, positive: boolean): number {
  const frac = (k * 0.6180339887 + param * 0.3090169944 + 0.1) % 1;
  if (positive) return 0.5 + frac;
  return (k % 2 === 0 ? 1 : -1) * (0.2 + 0.8 * frac);
}

export async function gradCheck(c: GradCase): Promise<GradResult> {
  const dtype = c.float32 ? "float32" : "float64";
  const tol = TOL[dtype];
  const g = new GraphBuilder({ dtype });
  const xs = c.shapes.map((s, i) => g.param(`x${i}`, s, { init: { kind: "zeros" } }));
  const y = c.fn(g, xs);
  const fwdOps = [...new Set(g.nodes.map((n) => n.op))];
  const n = elementCount(y.shape);
  const r = g.constant(Array.from({ length: n }, (_, k) => 0.5 + ((k * 0.7548776662) % 1)), y.shape);
  g.output("loss", op.sum(op.mul(y, r)));

  const Arr = c.float32 ? Float32Array : Float64Array;
  const params: Record<string, HostTensor<Float32Array | Float64Array>> = {};
  [...g.params.values()].forEach((p, pi) => {
    const grid = Array.from({ length: elementCount(p.shape) }, (_, k) => gridValue(pi, k, !!c.positive));
    params[p.name] = { dims: p.shape, data: c.float32 ? Float32Array.from(grid) : Float64Array.from(grid) };
  });
  // float64: basic optimisation, since ORT's extended fusions emit float-only contrib ops.
  const opts = { graphOptimization: c.float32 ? "all" : "basic" } as const;
  const train = await Runtime.create(compileTraining(g, params, { trainable: "all" }).onnxBytes, opts);
  const inf = await Runtime.create(compileInference(g, params, { paramsAsInputs: true }).onnxBytes, opts);
  try {
    const analytic = await train.run(params);
    const lossAt = async (feeds: typeof params): Promise<number> => Number((await inf.run(feeds))["loss"]!.data[0]);
    const failures: string[] = [];
    let worst = 0;
    let checked = 0;
    for (const [name, p] of Object.entries(params)) {
      const count = p.data.length;
      const step = c.maxPerParam && count > c.maxPerParam ? count / c.maxPerParam : 1;
      for (let f = 0; f < count; f += step) {
        const k = Math.floor(f);
        const orig = p.data[k]!;
        const data = p.data.slice() as Float32Array | Float64Array;
        const at = async (v: number): Promise<number> => {
          data[k] = v;
          return lossAt({ ...params, [name]: { dims: p.dims, data } });
        };
        const h = tol.h * Math.max(1, Math.abs(orig));
        const numeric = ((await at(orig + h)) - (await at(orig - h))) / (Number(Arr.of(orig + h)[0]) - Number(Arr.of(orig - h)[0]));
        const got = Number(analytic[`grad/${name}`]!.data[k]);
        const err = Math.abs(got - numeric) / (tol.atol + tol.rtol * Math.abs(numeric));
        worst = Math.max(worst, err);
        checked++;
        if (!(err <= 1) && failures.length < 5) failures.push(`${name}[${k}]: analytic ${got} vs numeric ${numeric}`);
      }
    }
    return { worst, checked, failures, ops: fwdOps };
  } finally {
    await train.dispose();
    await inf.dispose();
  }
}
