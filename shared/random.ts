/**
 * Seeded pseudo-random numbers for every random process in the platform (simulator, sampling
 * noise, data order, initialisation), so that the same seed always gives the same result on
 * every runtime. Not for cryptography.
 */

/** SplitMix32-style hash of a 32-bit seed: spreads nearby seeds (0, 1, 2…) far apart. */
function mixSeed(seed: number): number {
  let z = (seed >>> 0) + 0x9e3779b9;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. Throws on an empty list. */
  pick<T>(items: readonly T[]): T;
  /** A new generator whose stream depends only on this one's seed and `label`. */
  fork(label: string | number): Rng;
  /** The state, to resume the exact stream later. */
  state(): number;
}

/** Mulberry32: 32-bit state, full period 2^32, fast and good enough for simulation. */
export function createRng(seed: number, initialState?: number): Rng {
  const seedValue = seed >>> 0;
  let s = initialState ?? mixSeed(seedValue);
  let spareNormal: number | null = null;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: () => {
      if (spareNormal !== null) {
        const v = spareNormal;
        spareNormal = null;
        return v;
      }
      const u1 = Math.max(next(), 1e-12);
      const u2 = next();
      const r = Math.sqrt(-2 * Math.log(u1));
      spareNormal = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error("Rng.pick: cannot pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
    fork: (label) => createRng(mixSeed(seedValue ^ hashLabel(String(label)))),
    state: () => s,
  };
  return rng;
}

/** FNV-1a over UTF-16 code units: stable across runtimes. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
