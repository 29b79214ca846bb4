/**
 * AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019, Algorithm 2), in the form PyTorch's torch.optim.AdamW computes,
 * so results can be compared with it step for step.
 *
 * Notation (paper → code): θ → p, g_t → g, m_t → m, v_t → v, β1 → beta1, β2 → beta2, ε → eps,
 * λ → weightDecay, α·η_t → lr. For step t = 1, 2, …:
 *   (1) θ ← θ − lr·λ·θ                                   decoupled decay, before the Adam step
 *   (2) m ← β1·m + (1 − β1)·g
 *   (3) v ← β2·v + (1 − β2)·g²
 *   (4) θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)    bias-corrected step
 */
import { OptimError } from "./errors.js";
import { checkGrads, checkHyper, exportBuffers, importBuffers, zerosLike, type Optimizer, type OptimizerState, type Params } from "./optimizer.js";

export interface AdamWConfig {
  /** Decay rate of the first moment (mean of gradients); 0.9 is the usual value. */
  beta1: number;
  /** Decay rate of the second moment (mean of squared gradients); 0.999, or 0.95 for transformers. */
  beta2: number;
  /** Added to √v̂ so tiny second moments do not blow up the step. */
  eps: number;
  /** Decoupled weight decay λ, multiplied by lr each step; 0 disables it. */
  weightDecay: number;
  /** Which parameters get weight decay (e.g. not biases and norms); default: all. */
  decays?: (name: string) => boolean;
}

export const defaultAdamW: AdamWConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };

export function createAdamW(params: Params, config: Partial<AdamWConfig> = {}): Optimizer {
  const cfg: AdamWConfig = { ...defaultAdamW, ...config };
  const { beta1, beta2, eps, weightDecay } = cfg;
  if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
    throw new OptimError("OPTIM_BAD_CONFIG", `betas must be in [0, 1), got beta1=${beta1} beta2=${beta2}`);
  }
  if (!(eps > 0) || !(weightDecay >= 0)) throw new OptimError("OPTIM_BAD_CONFIG", `eps must be > 0 and weightDecay ≥ 0, got eps=${eps} weightDecay=${weightDecay}`);
  const names = Object.keys(params).sort();
  const dims = new Map(names.map((n) => [n, params[n]!.dims] as const));
  const decayed = new Set(names.filter((n) => weightDecay > 0 && (cfg.decays?.(n) ?? true)));
  const m = zerosLike(names, params);
  const v = zerosLike(names, params);
  const hyper = { beta1, beta2, eps, weightDecay };
  let t = 0;

  return {
    kind: "adamw",
    get stepCount() {
      return t;
    },
    step(ps, grads, lr) {
      checkGrads(names, ps, grads);
      t += 1;
      const bc1 = 1 - beta1 ** t;
      const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
      const stepSize = lr / bc1;
      const decayFactor = 1 - lr * weightDecay;
      const b1c = 1 - beta1;
      const b2c = 1 - beta2;
      for (const name of names) {
        const p = ps[name]!.data;
        const g = grads[name]!.data;
        const mi = m.get(name)!;
        const vi = v.get(name)!;
        const decay = decayed.has(name);
        // One fused pass per tensor, no allocation: this runs on every parameter every step.
        for (let i = 0; i < p.length; i++) {
          const gi = g[i]!;
          const mNew = beta1 * mi[i]! + b1c * gi;
          const vNew = beta2 * vi[i]! + b2c * gi * gi;
          mi[i] = mNew;
          vi[i] = vNew;
          const pi = decay ? p[i]! * decayFactor : p[i]!;
          p[i] = pi - (stepSize * mi[i]!) / (Math.sqrt(vi[i]!) / bc2Sqrt + eps);
        }
      }
    },
    state(): OptimizerState {
      const tensors: Params = {};
      exportBuffers("adamw.m", m, dims, tensors);
      exportBuffers("adamw.v", v, dims, tensors);
      return { kind: "adamw", step: t, hyper: { ...hyper }, tensors };
    },
    restore(state) {
      checkHyper("adamw", hyper, state);
      importBuffers("adamw.m", m, state.tensors);
      importBuffers("adamw.v", v, state.tensors);
      t = state.step;
    },
  };
}
