/**
 * The canonical canvas and the few stamping primitives every structure is drawn with.
 * Canonical coordinates: u to the right as displayed (patient's left), v downwards, the film
 * spanning [-0.5, 0.5]²; the canvas adds a margin so a scaled-down or shifted posture still finds
 * anatomy (not a black border) beyond the film edge. Values are line integrals of attenuation
 * (dimensionless, μ·length) so structures add, as rays through overlapping tissue do.
 */

export const CANVAS_MARGIN = 0.14;

export interface Canvas {
  /** Pixels per side. */
  n: number;
  /** Canonical coordinate of pixel 0's centre, and the pixel pitch. */
  origin: number;
  pitch: number;
}

/**
 * Zeroed scratch layers for a canvas size, reused across films (simulate is synchronous, so a
 * layer is never shared between two renders); saves the allocation and GC of ~10 layers per film.
 */
const layerPool = new Map<number, Float32Array[]>();
export function layers(c: Canvas, count: number): Float32Array[] {
  const size = c.n * c.n;
  let pool = layerPool.get(size);
  if (!pool) {
    if (layerPool.size > 4) layerPool.clear();
    pool = [];
    layerPool.set(size, pool);
  }
  while (pool.length < count) pool.push(new Float32Array(size));
  const out = pool.slice(0, count);
  for (const l of out) l.fill(0);
  return out;
}

export function makeCanvas(filmPixels: number): Canvas {
  const half = 0.5 + CANVAS_MARGIN;
  const n = Math.ceil(filmPixels * 2 * half);
  const pitch = (2 * half) / n;
  return { n, origin: -half + pitch / 2, pitch };
}

/** Cross-section profiles of a stroke, x = distance / radius in [0, 1). */
export type Profile = "tube" | "cortical" | "flat";

function profileValue(p: Profile, x: number): number {
  if (p === "tube") return Math.sqrt(1 - x * x); // chord through a solid cylinder
  if (p === "cortical") {
    // Hollow bone: chord through the outer cylinder minus most of the marrow cylinder (r = 0.65),
    // which makes the cortex at the edges brighter than the middle, as on real ribs.
    const inner = 0.4225 - x * x;
    return Math.sqrt(1 - x * x) - (inner > 0 ? 0.8 * Math.sqrt(inner) : 0);
  }
  return x < 0.8 ? 1 : (1 - x) * 5; // flat band with a soft edge
}

/**
 * Draw a polyline (u0, v0, u1, v1, …) with radius varying linearly per point, combining by max
 * into `buf` (so joints between segments don't double up).
 */
export function strokePolyline(
  buf: Float32Array,
  c: Canvas,
  pts: readonly number[],
  radii: readonly number[],
  amp: number,
  profile: Profile,
): void {
  for (let k = 0; k + 3 < pts.length; k += 2) {
    strokeSegment(buf, c, pts[k]!, pts[k + 1]!, pts[k + 2]!, pts[k + 3]!, radii[k / 2]!, radii[k / 2 + 1]!, amp, profile);
  }
}

/** One segment of a stroke (radius r0 → r1), max-combined; no allocation (called per vessel). */
export function strokeSegment(
  buf: Float32Array,
  c: Canvas,
  u0: number,
  v0: number,
  u1: number,
  v1: number,
  r0: number,
  r1: number,
  amp: number,
  profile: Profile,
): void {
  const { n, origin, pitch } = c;
  {
    const rMax = Math.max(r0, r1);
    const du = u1 - u0, dv = v1 - v0;
    const len2 = du * du + dv * dv || 1e-12;
    const i0 = Math.max(0, Math.floor((Math.min(u0, u1) - rMax - origin) / pitch));
    const i1 = Math.min(n - 1, Math.ceil((Math.max(u0, u1) + rMax - origin) / pitch));
    const j0 = Math.max(0, Math.floor((Math.min(v0, v1) - rMax - origin) / pitch));
    const j1 = Math.min(n - 1, Math.ceil((Math.max(v0, v1) + rMax - origin) / pitch));
    for (let j = j0; j <= j1; j++) {
      const v = origin + j * pitch;
      const row = j * n;
      for (let i = i0; i <= i1; i++) {
        const u = origin + i * pitch;
        let t = ((u - u0) * du + (v - v0) * dv) / len2;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const eu = u - (u0 + t * du), ev = v - (v0 + t * dv);
        const r = r0 + t * (r1 - r0);
        const d2 = eu * eu + ev * ev;
        if (d2 >= r * r) continue;
        const val = amp * profileValue(profile, Math.sqrt(d2) / r);
        if (val > buf[row + i]!) buf[row + i] = val;
      }
    }
  }
}

/** Add the projected thickness of an ellipsoid (amp · √(1 − q)), rotated by `rot` radians. */
export function addEllipsoid(buf: Float32Array, c: Canvas, cu: number, cv: number, ru: number, rv: number, rot: number, amp: number): void {
  const { n, origin, pitch } = c;
  const cos = Math.cos(rot), sin = Math.sin(rot);
  const ext = Math.max(ru, rv);
  const i0 = Math.max(0, Math.floor((cu - ext - origin) / pitch));
  const i1 = Math.min(n - 1, Math.ceil((cu + ext - origin) / pitch));
  const j0 = Math.max(0, Math.floor((cv - ext - origin) / pitch));
  const j1 = Math.min(n - 1, Math.ceil((cv + ext - origin) / pitch));
  for (let j = j0; j <= j1; j++) {
    const dv = origin + j * pitch - cv;
    for (let i = i0; i <= i1; i++) {
      const du = origin + i * pitch - cu;
      const a = (du * cos + dv * sin) / ru, b = (-du * sin + dv * cos) / rv;
      const q = a * a + b * b;
      if (q < 1) buf[j * n + i]! += amp * Math.sqrt(1 - q);
    }
  }
}

/**
 * Add a soft blob (Gaussian-edged ellipse, value `amp` inside) modulated by `noise` (0..1 field
 * factor), keeping only rows with v in [vMin, vMax] (a fissure makes a sharp lobar edge).
 */
export function addBlob(
  buf: Float32Array,
  c: Canvas,
  cu: number,
  cv: number,
  ru: number,
  rv: number,
  amp: number,
  noise: (u: number, v: number) => number,
  vMin = -Infinity,
  vMax = Infinity,
): void {
  const { n, origin, pitch } = c;
  const i0 = Math.max(0, Math.floor((cu - 1.6 * ru - origin) / pitch));
  const i1 = Math.min(n - 1, Math.ceil((cu + 1.6 * ru - origin) / pitch));
  const j0 = Math.max(0, Math.floor((Math.max(cv - 1.6 * rv, vMin) - origin) / pitch));
  const j1 = Math.min(n - 1, Math.ceil((Math.min(cv + 1.6 * rv, vMax) - origin) / pitch));
  for (let j = j0; j <= j1; j++) {
    const v = origin + j * pitch;
    if (v < vMin || v > vMax) continue;
    const dv = (v - cv) / rv;
    for (let i = i0; i <= i1; i++) {
      const u = origin + i * pitch;
      const du = (u - cu) / ru;
      const q = du * du + dv * dv;
      if (q >= 2.56) continue;
      const edge = q < 0.6 ? 1 : Math.exp(-(q - 0.6) * 2.2);
      const val = amp * edge * noise(u, v);
      const k = j * n + i;
      if (val > buf[k]!) buf[k] = val;
    }
  }
}

/**
 * Write Σ amp_k · noise_k(u, v) into `buf` for smooth value-noise octaves on random lattices of
 * `cells` per unit (lattice values from `next`, so seeded). Tight loop over typed arrays: this
 * runs on every canvas pixel.
 */
export function writeNoiseOctaves(buf: Float32Array, c: Canvas, next: () => number, octaves: ReadonlyArray<{ cells: number; amp: number }>): void {
  const { n, origin, pitch } = c;
  buf.fill(0);
  const span = 2 * (0.5 + CANVAS_MARGIN);
  const rowW = new Float32Array(n), rowI = new Int32Array(n);
  for (const { cells, amp } of octaves) {
    const m = Math.ceil(span * cells) + 2;
    const grid = new Float32Array(m * m);
    for (let i = 0; i < grid.length; i++) grid[i] = next() * amp;
    for (let i = 0; i < n; i++) {
      const x = (origin + i * pitch - origin) * cells;
      const xi = Math.floor(x), fx = x - xi;
      rowI[i] = xi;
      rowW[i] = fx * fx * (3 - 2 * fx);
    }
    for (let j = 0; j < n; j++) {
      const y = j * pitch * cells;
      const yi = Math.floor(y);
      let fy = y - yi;
      fy = fy * fy * (3 - 2 * fy);
      const r0 = yi * m, r1 = r0 + m;
      const row = j * n;
      for (let i = 0; i < n; i++) {
        const xi = rowI[i]!, fx = rowW[i]!;
        const a = grid[r0 + xi]!, b = grid[r0 + xi + 1]!, cc = grid[r1 + xi]!, d = grid[r1 + xi + 1]!;
        const top = a + (b - a) * fx, bot = cc + (d - cc) * fx;
        buf[row + i]! += top + (bot - top) * fy;
      }
    }
  }
}

/** Smooth value noise in [0, 1] on a lattice of `cells` per unit, seeded; deterministic and cheap. */
export function valueNoise(seed: number, cells: number): (u: number, v: number) => number {
  const hash = (x: number, y: number): number => {
    let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ seed;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  };
  return (u, v) => {
    const x = (u + 1) * cells, y = (v + 1) * cells;
    const xi = Math.floor(x), yi = Math.floor(y);
    let fx = x - xi, fy = y - yi;
    fx = fx * fx * (3 - 2 * fx);
    fy = fy * fy * (3 - 2 * fy);
    const a = hash(xi, yi), b = hash(xi + 1, yi), c = hash(xi, yi + 1), d = hash(xi + 1, yi + 1);
    return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
  };
}
