/**
 * Global-norm gradient clipping (Pascanu et al., "On the difficulty of training recurrent
 * neural networks", ICML 2013, Algorithm 1), as torch.nn.utils.clip_grad_norm_:
 *   ‖g‖ = √(Σ_tensors Σ_i g_i²);  if ‖g‖ > maxNorm:  g ← g · maxNorm / (‖g‖ + 1e-6)
 */
import { OptimError } from "./errors.js";
import type { Params } from "./optimizer.js";

/** The L2 norm of all gradients together, accumulated in float64. */
export function globalNorm(grads: Params): number {
  let sum = 0;
  for (const name of Object.keys(grads).sort()) {
    const g = grads[name]!.data;
    for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
  }
  return Math.sqrt(sum);
}

/** Scales all gradients in place so their global norm is at most `maxNorm`; returns the norm before. */
export function clipGradNorm(grads: Params, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new OptimError("OPTIM_BAD_CONFIG", `maxNorm must be > 0, got ${maxNorm}`);
  const norm = globalNorm(grads);
  if (!Number.isFinite(norm)) return norm; // leave non-finite gradients visible to the caller
  if (norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6);
    for (const t of Object.values(grads)) {
      const g = t.data;
      for (let i = 0; i < g.length; i++) g[i] = g[i]! * scale;
    }
  }
  return norm;
}
