/**
 * SGD with momentum and optional Nesterov momentum (Sutskever et al., "On the importance of
 * initialization and momentum in deep learning", ICML 2013), in PyTorch's torch.optim.SGD form:
 *   (1) g ← g + λ·θ                          L2 weight decay (coupled, as in PyTorch SGD)
 *   (2) b ← μ·b + (1 − τ)·g;  b₁ = g          momentum buffer; τ = dampening
 *   (3) d ← g + μ·b if Nesterov, else b
 *   (4) θ ← θ − lr·d
 */
import { OptimError } from "./errors.js";
import { checkGrads, checkHyper, exportBuffers, importBuffers, zerosLike, type Optimizer, type OptimizerState, type Params } from "./optimizer.js";

export interface SgdConfig {
  /** Momentum μ; 0 gives plain SGD (no buffer is kept). */
  momentum: number;
  /** Dampening τ of the gradient added to the buffer; must be 0 with Nesterov. */
  dampening: number;
  /** Nesterov momentum: look ahead along the buffer (needs momentum > 0). */
  nesterov: boolean;
  /** L2 penalty λ added to the gradient; 0 disables it. */
  weightDecay: number;
}

export const defaultSgd: SgdConfig = { momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 };

export function createSgd(params: Params, config: Partial<SgdConfig> = {}): Optimizer {
  const cfg: SgdConfig = { ...defaultSgd, ...config };
  const { momentum, dampening, nesterov, weightDecay } = cfg;
  if (!(momentum >= 0) || !(weightDecay >= 0) || !(dampening >= 0 && dampening <= 1)) {
    throw new OptimError("OPTIM_BAD_CONFIG", `need momentum ≥ 0, 0 ≤ dampening ≤ 1, weightDecay ≥ 0; got ${momentum}, ${dampening}, ${weightDecay}`);
  }
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new OptimError("OPTIM_BAD_CONFIG", "Nesterov momentum needs momentum > 0 and dampening = 0");
  }
  const names = Object.keys(params).sort();
  const dims = new Map(names.map((n) => [n, params[n]!.dims] as const));
  const buf = momentum > 0 ? zerosLike(names, params) : new Map<string, Float32Array>();
  const hyper = { momentum, dampening, nesterov, weightDecay };
  let t = 0;

  return {
    kind: "sgd",
    get stepCount() {
      return t;
    },
    step(ps, grads, lr) {
      checkGrads(names, ps, grads);
      const first = t === 0;
      t += 1;
      const keep = 1 - dampening;
      for (const name of names) {
        const p = ps[name]!.data;
        const g = grads[name]!.data;
        const b = buf.get(name);
        for (let i = 0; i < p.length; i++) {
          let d = g[i]! + weightDecay * p[i]!;
          if (b !== undefined) {
            const bNew = first ? d : momentum * b[i]! + keep * d;
            b[i] = bNew;
            d = nesterov ? d + momentum * b[i]! : b[i]!;
          }
          p[i] = p[i]! - lr * d;
        }
      }
    },
    state(): OptimizerState {
      const tensors: Params = {};
      exportBuffers("sgd.momentum", buf, dims, tensors);
      return { kind: "sgd", step: t, hyper: { ...hyper }, tensors };
    },
    restore(state) {
      checkHyper("sgd", hyper, state);
      importBuffers("sgd.momentum", buf, state.tensors);
      t = state.step;
    },
  };
}
