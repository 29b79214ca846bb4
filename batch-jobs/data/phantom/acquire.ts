/**
 * From the canonical attenuation map to the 16-bit film:
 *  1. posture — each output pixel (and its supersamples) is mapped through the inverse of
 *     ψ: p = R(θ)·diag(s_x, s_y)·q + t, so ψ is exact by construction; bilinear lookup;
 *  2. Beer–Lambert: I = N₀·e^(−A), N₀ = photons per pixel × exposure;
 *  3. detector blur: separable Gaussian on I (scintillator spread);
 *  4. quantum noise: Poisson approximated by N(I, I) (valid for N ≫ 10);
 *  5. log transform L = −ln(I/N₀) and the usual unsharp-mask "processing" of digital CXR;
 *  6. display: a sigmoid characteristic curve (H&D-like), 0 = black, 65535 = white.
 */
import type { Rng } from "../../../shared/random.js";
import type { Posture } from "./sample.js";
import type { Canvas } from "./raster.js";

export interface Acquisition {
  exposure: number;
  photonsPerPixel: number;
  /** Blur σ as a fraction of the film width. */
  blur: number;
  contrast: number;
}

/** Film point (centred, fractions of the width; v down) of canonical point q under ψ. */
export function canonicalToFilm(p: Posture, u: number, v: number): [number, number] {
  const a = p.sx * u, b = p.sy * v;
  const c = Math.cos(p.theta), s = Math.sin(p.theta);
  // Counter-clockwise as displayed with v pointing down.
  return [c * a + s * b + p.tx, -s * a + c * b + p.ty];
}

/** Canonical point of a film point: the exact inverse of canonicalToFilm. */
export function filmToCanonical(p: Posture, x: number, y: number): [number, number] {
  const dx = x - p.tx, dy = y - p.ty;
  const c = Math.cos(p.theta), s = Math.sin(p.theta);
  return [(c * dx - s * dy) / p.sx, (s * dx + c * dy) / p.sy];
}

/** Resample the canonical map onto the film grid through ψ⁻¹ with ss×ss supersampling. */
export function resampleThroughPosture(atten: Float32Array, c: Canvas, posture: Posture, size: number, ss: number): Float32Array {
  const out = new Float32Array(size * size);
  const cos = Math.cos(posture.theta), sin = Math.sin(posture.theta);
  const isx = 1 / posture.sx, isy = 1 / posture.sy;
  const n = c.n, inv = 1 / c.pitch;
  const w = 1 / (ss * ss);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let sy = 0; sy < ss; sy++) {
        const fy = (y + (sy + 0.5) / ss) / size - 0.5 - posture.ty;
        for (let sx = 0; sx < ss; sx++) {
          const fx = (x + (sx + 0.5) / ss) / size - 0.5 - posture.tx;
          const qu = (cos * fx - sin * fy) * isx, qv = (sin * fx + cos * fy) * isy;
          const gx = (qu - c.origin) * inv, gy = (qv - c.origin) * inv;
          const ix = Math.floor(gx), iy = Math.floor(gy);
          if (ix < 0 || iy < 0 || ix >= n - 1 || iy >= n - 1) continue; // beyond the canvas: open air
          const ax = gx - ix, ay = gy - iy;
          const k = iy * n + ix;
          const top = atten[k]! + (atten[k + 1]! - atten[k]!) * ax;
          const bot = atten[k + n]! + (atten[k + n + 1]! - atten[k + n]!) * ax;
          acc += top + (bot - top) * ay;
        }
      }
      out[y * size + x] = acc * w;
    }
  }
  return out;
}

/** In-place separable Gaussian blur (σ in pixels), clamped edges. */
function gaussianBlur(img: Float32Array, size: number, sigma: number): void {
  if (sigma < 0.3) return;
  const rad = Math.ceil(sigma * 2.5);
  const kernel = new Float32Array(2 * rad + 1);
  let sum = 0;
  for (let i = -rad; i <= rad; i++) sum += kernel[i + rad] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  const tmp = new Float32Array(size);
  for (let pass = 0; pass < 2; pass++) {
    for (let line = 0; line < size; line++) {
      for (let i = 0; i < size; i++) {
        let acc = 0;
        for (let t = -rad; t <= rad; t++) {
          const p = Math.min(size - 1, Math.max(0, i + t));
          acc += kernel[t + rad]! * (pass === 0 ? img[line * size + p]! : img[p * size + line]!);
        }
        tmp[i] = acc;
      }
      for (let i = 0; i < size; i++) {
        if (pass === 0) img[line * size + i] = tmp[i]!;
        else img[i * size + line] = tmp[i]!;
      }
    }
  }
}

/** Box mean over a (2r+1)² window via running sums (for the unsharp mask's low-pass). */
function boxMean(img: Float32Array, size: number, r: number): Float32Array {
  const tmp = new Float32Array(size * size);
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    let acc = 0;
    for (let x = -r; x <= r; x++) acc += img[y * size + Math.min(size - 1, Math.max(0, x))]!;
    for (let x = 0; x < size; x++) {
      tmp[y * size + x] = acc;
      acc += img[y * size + Math.min(size - 1, x + r + 1)]! - img[y * size + Math.max(0, x - r)]!;
    }
  }
  const norm = 1 / ((2 * r + 1) * (2 * r + 1));
  for (let x = 0; x < size; x++) {
    let acc = 0;
    for (let y = -r; y <= r; y++) acc += tmp[Math.min(size - 1, Math.max(0, y)) * size + x]!;
    for (let y = 0; y < size; y++) {
      out[y * size + x] = acc * norm;
      acc += tmp[Math.min(size - 1, y + r + 1) * size + x]! - tmp[Math.max(0, y - r) * size + x]!;
    }
  }
  return out;
}

/** Detector physics and display processing; returns MONOCHROME2 16-bit pixels. */
export function expose(lineIntegrals: Float32Array, size: number, acq: Acquisition, rng: Rng): Uint16Array {
  const n0 = acq.photonsPerPixel * acq.exposure;
  const img = new Float32Array(size * size);
  for (let i = 0; i < img.length; i++) img[i] = n0 * Math.exp(-lineIntegrals[i]!);
  gaussianBlur(img, size, acq.blur * size);
  for (let i = 0; i < img.length; i++) {
    const I = img[i]!;
    const noisy = I + Math.sqrt(I) * rng.normal();
    img[i] = -Math.log(Math.max(noisy, 1) / n0);
  }
  // Unsharp mask (large kernel, ~6% of the width) as digital radiography processing does.
  const low = boxMean(img, size, Math.max(2, Math.round(size * 0.06)));
  // Gentle slope: lungs mid-grey, mediastinum and abdomen light grey, as processed films look.
  const k = 0.68 * acq.contrast, centre = 3.2;
  const y0 = 0;
  const y1 = 1 / (1 + Math.exp(-k * (7 - centre)));
  const out = new Uint16Array(size * size);
  for (let i = 0; i < img.length; i++) {
    const L = img[i]! + 0.4 * (img[i]! - low[i]!);
    const y = (1 / (1 + Math.exp(-k * (L - centre))) - y0) / (y1 - y0);
    out[i] = Math.round(65535 * (y < 0 ? 0 : y > 1 ? 1 : y));
  }
  return out;
}
