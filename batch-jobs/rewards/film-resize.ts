/**
 * Resizes films in the project's tensor convention to the side a model takes: box-filter
 * averaging for integer down-scaling factors (128 → 64 px keeps every pixel's contribution);
 * otherwise box-averaging by the integer part of the factor first (no aliasing when a 2000 px
 * real film becomes 64 px), then bilinear (pixel centres aligned) to the exact side.
 */
export function resizeFilms(films: Float32Array, count: number, from: number, to: number): Float32Array {
  if (from === to) return films;
  const out = new Float32Array(count * to * to);
  const factor = from / to;
  for (let n = 0; n < count; n++) {
    const src = films.subarray(n * from * from, (n + 1) * from * from);
    const dst = out.subarray(n * to * to, (n + 1) * to * to);
    if (Number.isInteger(factor)) boxDown(src, from, dst, to, factor);
    else if (factor >= 2) {
      const k = Math.floor(factor);
      const mid = Math.floor(from / k);
      const tmp = new Float32Array(mid * mid);
      boxDown(src, from, tmp, mid, k);
      bilinear(tmp, mid, dst, to);
    } else bilinear(src, from, dst, to);
  }
  return out;
}

function boxDown(src: Float32Array, from: number, dst: Float32Array, to: number, f: number): void {
  const inv = 1 / (f * f);
  for (let y = 0; y < to; y++) for (let x = 0; x < to; x++) {
    let s = 0;
    for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) s += src[(y * f + dy) * from + x * f + dx]!;
    dst[y * to + x] = s * inv;
  }
}

function bilinear(src: Float32Array, from: number, dst: Float32Array, to: number): void {
  const scale = from / to;
  for (let y = 0; y < to; y++) {
    const sy = Math.min(from - 1, Math.max(0, (y + 0.5) * scale - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(from - 1, y0 + 1);
    const wy = sy - y0;
    for (let x = 0; x < to; x++) {
      const sx = Math.min(from - 1, Math.max(0, (x + 0.5) * scale - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(from - 1, x0 + 1);
      const wx = sx - x0;
      const top = src[y0 * from + x0]! * (1 - wx) + src[y0 * from + x1]! * wx;
      const bottom = src[y1 * from + x0]! * (1 - wx) + src[y1 * from + x1]! * wx;
      dst[y * to + x] = top * (1 - wy) + bottom * wy;
    }
  }
}
