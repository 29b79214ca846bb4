/**
 * Grayscale PNG encoder (PNG spec, W3C 2nd ed.: IHDR colour type 0, bit depth 8 or 16, samples
 * big-endian, each scanline prefixed by a filter byte). Filter "Up" (type 2) on every row: chest
 * films are smooth vertically, and a fixed filter keeps the bytes deterministic. zlib level 6.
 */
import { deflateSync } from "node:zlib";
import { assertImageShape } from "./gray-image.js";
import { crc32 } from "./crc32.js";

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function textChunkData(keyword: string, value: string): Buffer {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword) || /[^\x0a\x20-\x7e\xa0-\xff]/.test(value)) {
    throw new RangeError(`PNG tEXt needs a 1-79 character printable keyword and Latin-1 text, got ${JSON.stringify(keyword)}`);
  }
  return Buffer.concat([Buffer.from(keyword, "latin1"), Buffer.of(0), Buffer.from(value, "latin1")]);
}

/**
 * `pixels` must be a Uint8Array for bitDepth 8 and a Uint16Array for bitDepth 16. `text` becomes
 * tEXt chunks (PNG spec §11.3.4.3: Latin-1 keyword and value), e.g. a "synthetic" Description
 * that travels with the file when it is copied out of its dataset.
 */
export function encodeGrayPng(width: number, height: number, pixels: Uint8Array | Uint16Array, bitDepth: 8 | 16, text: Record<string, string> = {}): Buffer {
  assertImageShape(width, height, pixels.length);
  if ((bitDepth === 16) !== pixels instanceof Uint16Array) throw new TypeError(`bitDepth ${bitDepth} needs ${bitDepth === 16 ? "Uint16Array" : "Uint8Array"} pixels`);
  const bytesPerPixel = bitDepth / 8;
  const stride = width * bytesPerPixel;
  const raw = Buffer.alloc((stride + 1) * height);
  const row = Buffer.alloc(stride);
  const prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = pixels[y * width + x]!;
      if (bitDepth === 16) row.writeUInt16BE(v, x * 2);
      else row[x] = v;
    }
    const o = y * (stride + 1);
    raw[o] = 2;
    for (let i = 0; i < stride; i++) raw[o + 1 + i] = (row[i]! - prev[i]!) & 0xff;
    row.copy(prev);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = 0; // colour type: grayscale
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    ...Object.entries(text).map(([keyword, value]) => chunk("tEXt", textChunkData(keyword, value))),
    chunk("IDAT", deflateSync(raw, { level: 6 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
