/**
 * The common in-memory image every decoder returns: single-channel, MONOCHROME2 (0 = black),
 * samples in a Uint16Array whatever the source depth, with `bitDepth` saying how many bits are
 * significant (8 for an 8-bit PNG/JPEG, 12 for a 12-bit DICOM, 16 for a 16-bit PNG).
 */
export interface GrayImage {
  width: number;
  height: number;
  /** Row-major, length width × height, each value < 2^bitDepth. */
  pixels: Uint16Array;
  bitDepth: number;
}

/** Samples scaled to [0, 1] (value / (2^bitDepth − 1)), for models. */
export function toUnitFloat(image: GrayImage): Float32Array {
  const scale = 1 / (2 ** image.bitDepth - 1);
  const out = new Float32Array(image.pixels.length);
  for (let i = 0; i < out.length; i++) out[i] = image.pixels[i]! * scale;
  return out;
}

/** 16-bit samples to 8-bit by rounding v / 257 (65535 → 255, 0 → 0, exact for v = 257·k). */
export function to8Bit(pixels16: Uint16Array): Uint8Array {
  const out = new Uint8Array(pixels16.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(pixels16[i]! / 257);
  return out;
}

export function assertImageShape(width: number, height: number, length: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`image size must be positive integers, got ${width}x${height}`);
  }
  if (length !== width * height) throw new RangeError(`expected ${width * height} pixels for ${width}x${height}, got ${length}`);
}
