/**
 * An exponential moving average of the weights (Polyak averaging), kept beside any optimiser:
 * after each update ē ← d·ē + (1 − d)·θ. Diffusion models sample better from the average than
 * from the last iterate, whose noise the average smooths out. The average rides in the wrapped
 * optimiser's state (`ema/<param>` tensors, `emaDecay` in hyper), so checkpoints resume it
 * bit-exactly; it never changes the training trajectory itself.
 */
import { OptimError } from "./errors.js";
import { exportBuffers, importBuffers, type Optimizer, type OptimizerState, type Params } from "./optimizer.js";

export interface EmaOptimizer extends Optimizer {
  /** The averaged weights, shaped like the parameters (copies). */
  averaged(): Params;
}

/** Wraps `inner`; the average starts at the parameters' current values (a parent model's, when continuing). */
export function withEma(inner: Optimizer, params: Params, decay: number): EmaOptimizer {
  if (!(decay > 0 && decay < 1)) throw new OptimError("OPTIM_BAD_CONFIG", `EMA decay must be in (0, 1), got ${decay}`);
  const names = Object.keys(params).sort();
  const dims = new Map(names.map((n) => [n, params[n]!.dims] as const));
  const ema = new Map(names.map((n) => [n, params[n]!.data.slice()] as const));
  return {
    kind: inner.kind,
    get stepCount() {
      return inner.stepCount;
    },
    step(ps, grads, lr) {
      inner.step(ps, grads, lr);
      for (const name of names) emaKernel(ema.get(name)!, ps[name]!.data, decay);
    },
    state(): OptimizerState {
      const s = inner.state();
      exportBuffers("ema", ema, dims, s.tensors);
      return { ...s, hyper: { ...s.hyper, emaDecay: decay } };
    },
    restore(state) {
      if (state.hyper["emaDecay"] !== decay) throw new OptimError("OPTIM_BAD_STATE", `hyper-parameter emaDecay: state has ${String(state.hyper["emaDecay"])}, optimiser has ${decay}`);
      inner.restore(state);
      importBuffers("ema", ema, state.tensors);
    },
    averaged() {
      return Object.fromEntries(names.map((n) => [n, { dims: [...dims.get(n)!], data: ema.get(n)!.slice() }]));
    },
  };
}

function emaKernel(e: Float32Array, p: Float32Array, decay: number): void {
  const c = 1 - decay;
  for (let i = 0; i < e.length; i++) e[i] = decay * e[i]! + c * p[i]!;
}
