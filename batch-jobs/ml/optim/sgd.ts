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
      for (const name of names) {
        const p = ps[name]!.data;
        const g = grads[name]!.data;
        const b = buf.get(name);
        if (b === undefined) plainKernel(p, g, lr, weightDecay);
        else momentumKernel(p, g, b, lr, weightDecay, momentum, first ? 0 : 1, first ? 1 : 1 - dampening, nesterov ? 1 : 0);
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

/** Steps (1) and (4) without momentum. Top-level with scalar arguments for V8 (see adamw.ts). */
function plainKernel(p: Float32Array, g: Float32Array, lr: number, wd: number): void {
  const n = p.length;
  for (let i = 0; i < n; i++) p[i] = p[i]! - lr * (g[i]! + wd * p[i]!);
}

/**
 * Steps (1)–(4). On the first step keepOld = 0 and keep = 1 give b₁ = g; `nesterov` is 0 or 1 so
 * the loop has no branch.
 */
function momentumKernel(p: Float32Array, g: Float32Array, b: Float32Array, lr: number, wd: number, mu: number, keepOld: number, keep: number, nesterov: number): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const d = g[i]! + wd * p[i]!;
    const bi = Math.fround(keepOld * mu * b[i]! + keep * d);
    b[i] = bi;
    p[i] = p[i]! - lr * (nesterov * (d + mu * bi) + (1 - nesterov) * bi);
  }
}
