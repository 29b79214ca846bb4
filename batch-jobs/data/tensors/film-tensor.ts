/**
 * The one pixel convention every model of the project uses (generator, reward models, judges):
 * a film is a float32 plane in [-1, 1], row-major, MONOCHROME2 (bone bright), batched as
 * [N, 1, S, S]. Films from the simulator or decoded files are 16-bit; 8-bit files are widened first.
 */
const HALF_RANGE = 65535 / 2;

/** 16-bit MONOCHROME2 pixels → [-1, 1], written into `out` at `offset` (default: a new array). */
export function filmToTensor(pixels: Uint16Array, out = new Float32Array(pixels.length), offset = 0): Float32Array {
  for (let i = 0; i < pixels.length; i++) out[offset + i] = pixels[i]! / HALF_RANGE - 1;
  return out;
}

/** [-1, 1] (values outside are clipped) → 16-bit MONOCHROME2 pixels. */
export function tensorToFilm(values: Float32Array, offset = 0, count = values.length - offset): Uint16Array {
  const out = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const v = Math.min(1, Math.max(-1, values[offset + i]!));
    out[i] = Math.round((v + 1) * HALF_RANGE);
  }
  return out;
}
