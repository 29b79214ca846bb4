/**
 * SSIM (Wang et al. 2004) and multi-scale SSIM (Wang, Simoncelli & Bovik 2003) of grey images.
 *
 * | symbol | here |
 * |---|---|
 * | μ, σ², σ_xy | Gaussian-weighted local means / variances / covariance (σ = 1.5, 11 taps, population covariance) |
 * | C₁, C₂ | (K₁R)², (K₂R)², K₁ = 0.01, K₂ = 0.03, R = data range (2 for films in [−1, 1]) |
 * | l, cs | luminance (2μₓμᵧ + C₁)/(μₓ² + μᵧ² + C₁); contrast-structure (2σₓᵧ + C₂)/(σₓ² + σᵧ² + C₂) |
 * | SSIM | mean over the valid region of l·cs (a 5-pixel border is cropped, as scikit-image does) |
 * | MS-SSIM | Π_{j<M} mean(cs_j)^{w_j} · mean(l_M·cs_M)^{w_M} over M scales, 2× average-pool between scales |
 *
 * The single-scale SSIM reproduces skimage.metrics.structural_similarity(gaussian_weights=True,
 * sigma=1.5, use_sample_covariance=False, data_range=R) (filtering with scipy's "reflect" edge
 * mode). Scales: Wang's five weights need ≥ 176 px; at 64×64 we use the first three scales
 * (64, 32, 16 px) with the weights (0.0448, 0.2856, 0.3001) renormalised to sum to 1, and at
 * 128 px four. Negative mean cs (anti-correlated images) is clamped to 0 before the power, as
 * pytorch-msssim does, so the result stays real.
 */

export const MS_SSIM_WEIGHTS = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333] as const;
const K1 = 0.01;
const K2 = 0.03;
const SIGMA = 1.5;
const RADIUS = 5;

const KERNEL = (() => {
  const k = Array.from({ length: 2 * RADIUS + 1 }, (_, i) => Math.exp(-0.5 * ((i - RADIUS) / SIGMA) ** 2));
  const s = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / s);
})();

/** scipy.ndimage "reflect": (d c b a | a b c d | d c b a). */
function reflect(i: number, n: number): number {
  for (;;) {
    if (i < 0) i = -i - 1;
    else if (i >= n) i = 2 * n - i - 1;
    else return i;
  }
}

function gaussianFilter(img: Float64Array, w: number, h: number): Float64Array {
  const tmp = new Float64Array(w * h);
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let s = 0;
    for (let k = -RADIUS; k <= RADIUS; k++) s += KERNEL[k + RADIUS]! * img[y * w + reflect(x + k, w)]!;
    tmp[y * w + x] = s;
  }
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let s = 0;
    for (let k = -RADIUS; k <= RADIUS; k++) s += KERNEL[k + RADIUS]! * tmp[reflect(y + k, h) * w + x]!;
    out[y * w + x] = s;
  }
  return out;
}

/** Means over the valid region of l·cs (the SSIM) and of cs. */
export function ssimComponents(a: ArrayLike<number>, b: ArrayLike<number>, w: number, h: number, dataRange = 2): { ssim: number; cs: number } {
  if (a.length !== w * h || b.length !== w * h) throw new RangeError(`images must both be ${w}×${h}`);
  if (w < 2 * RADIUS + 1 || h < 2 * RADIUS + 1) throw new RangeError(`SSIM needs images of at least ${2 * RADIUS + 1}×${2 * RADIUS + 1}, got ${w}×${h}`);
  const x = Float64Array.from(a);
  const y = Float64Array.from(b);
  const prod = (p: Float64Array, q: Float64Array) => p.map((v, i) => v * q[i]!);
  const [mx, my] = [gaussianFilter(x, w, h), gaussianFilter(y, w, h)];
  const [mxx, myy, mxy] = [gaussianFilter(prod(x, x), w, h), gaussianFilter(prod(y, y), w, h), gaussianFilter(prod(x, y), w, h)];
  const c1 = (K1 * dataRange) ** 2;
  const c2 = (K2 * dataRange) ** 2;
  let [ssim, cs, n] = [0, 0, 0];
  for (let r = RADIUS; r < h - RADIUS; r++) for (let c = RADIUS; c < w - RADIUS; c++) {
    const i = r * w + c;
    const vx = mxx[i]! - mx[i]! * mx[i]!;
    const vy = myy[i]! - my[i]! * my[i]!;
    const vxy = mxy[i]! - mx[i]! * my[i]!;
    const l = (2 * mx[i]! * my[i]! + c1) / (mx[i]! * mx[i]! + my[i]! * my[i]! + c1);
    const s = (2 * vxy + c2) / (vx + vy + c2);
    ssim += l * s;
    cs += s;
    n++;
  }
  return { ssim: ssim / n, cs: cs / n };
}

export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, w: number, h: number, dataRange = 2): number {
  return ssimComponents(a, b, w, h, dataRange).ssim;
}

/** Scales used for a square side: as many of Wang's five as keep the last scale ≥ 16 px. */
export function msSsimScales(side: number): number {
  let scales = 1;
  while (scales < MS_SSIM_WEIGHTS.length && side / 2 ** scales >= 16) scales++;
  return scales;
}

function avgPool2(img: Float64Array, w: number, h: number): Float64Array {
  const [w2, h2] = [Math.floor(w / 2), Math.floor(h / 2)];
  const out = new Float64Array(w2 * h2);
  for (let y = 0; y < h2; y++) for (let x = 0; x < w2; x++) {
    out[y * w2 + x] = (img[2 * y * w + 2 * x]! + img[2 * y * w + 2 * x + 1]! + img[(2 * y + 1) * w + 2 * x]! + img[(2 * y + 1) * w + 2 * x + 1]!) / 4;
  }
  return out;
}

/** MS-SSIM of two square-or-not images (side ≥ 16); scales chosen by msSsimScales(min side). */
export function msSsim(a: ArrayLike<number>, b: ArrayLike<number>, w: number, h: number, dataRange = 2, scales = msSsimScales(Math.min(w, h))): number {
  const weights = MS_SSIM_WEIGHTS.slice(0, scales);
  const total = weights.reduce((s, v) => s + v, 0);
  let x: Float64Array = Float64Array.from(a);
  let y: Float64Array = Float64Array.from(b);
  let [cw, ch] = [w, h];
  let result = 1;
  for (let j = 0; j < scales; j++) {
    const { ssim: s, cs } = ssimComponents(x, y, cw, ch, dataRange);
    const wj = weights[j]! / total;
    result *= Math.max(j === scales - 1 ? s : cs, 0) ** wj;
    if (j < scales - 1) {
      x = avgPool2(x, cw, ch);
      y = avgPool2(y, cw, ch);
      [cw, ch] = [Math.floor(cw / 2), Math.floor(ch / 2)];
    }
  }
  return result;
}
