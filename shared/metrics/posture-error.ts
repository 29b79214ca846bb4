/**
 * Posture error: the weighted L1 distance between a predicted posture ψ and a target posture ψ*
 * (the identity, i.e. canonical upright and centred, unless a report asks otherwise):
 *
 *   d(ψ, ψ*) = w_s·(|s_x − s*_x| + |s_y − s*_y|) + w_t·(|t_x − t*_x| + |t_y − t*_y|) + w_θ·|θ − θ*|
 *
 * Units: s dimensionless (1 = canonical), t in fractions of the film width, θ in radians. The
 * default weights are 1, so 0.1 of scale, 10 % of the width and 0.1 rad (5.7°) cost the same.
 * The posture-alignment reward is −d (closer to 0 is better, as the paper's negative scores).
 */
export interface PostureLike {
  sx: number;
  sy: number;
  tx: number;
  ty: number;
  theta: number;
}

export interface PostureWeights {
  scale: number;
  translation: number;
  rotation: number;
}

export const DEFAULT_POSTURE_WEIGHTS: PostureWeights = { scale: 1, translation: 1, rotation: 1 };
export const IDENTITY: PostureLike = { sx: 1, sy: 1, tx: 0, ty: 0, theta: 0 };

export function postureError(p: PostureLike, target: PostureLike = IDENTITY, w: PostureWeights = DEFAULT_POSTURE_WEIGHTS): number {
  return (
    w.scale * (Math.abs(p.sx - target.sx) + Math.abs(p.sy - target.sy)) +
    w.translation * (Math.abs(p.tx - target.tx) + Math.abs(p.ty - target.ty)) +
    w.rotation * Math.abs(p.theta - target.theta)
  );
}

/** Mean absolute error of each ψ parameter over pairs (prediction, truth). */
export function postureMae(predicted: readonly PostureLike[], truth: readonly PostureLike[]): PostureLike {
  if (predicted.length !== truth.length || predicted.length === 0) throw new RangeError(`need equally many predictions and truths (got ${predicted.length} and ${truth.length})`);
  const keys = ["sx", "sy", "tx", "ty", "theta"] as const;
  const out = { ...IDENTITY };
  for (const k of keys) out[k] = predicted.reduce((s, p, i) => s + Math.abs(p[k] - truth[i]![k]), 0) / predicted.length;
  return out;
}
