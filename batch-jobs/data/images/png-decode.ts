/**
 * PNG decoder for non-interlaced 8/16-bit grayscale, gray+alpha, RGB and RGBA (PNG spec, W3C 2nd
 * ed., §9 filters, §11 chunks). Colour is reduced to luma Y = 0.299 R + 0.587 G + 0.114 B
 * (ITU-R BT.601); alpha is ignored. Palette, interlaced and sub-8-bit PNGs raise png_unsupported
 * (decode-image.ts then falls back to sharp). Every chunk CRC is checked.
 */
import { inflateSync } from "node:zlib";
import { DatasetError } from "../../../shared/dataset/errors.js";
import { crc32 } from "./crc32.js";
import type { GrayImage } from "./gray-image.js";
import { PNG_SIGNATURE } from "./png-encode.js";

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

interface Header { width: number; height: number; bitDepth: number; colourType: number; interlace: number }

function readChunks(buf: Buffer, file: string): { header: Header; idat: Buffer } {
  if (!isPng(buf)) throw new DatasetError("png_invalid", file, "not a PNG (signature missing)");
  let offset = 8;
  let header: Header | null = null;
  const idat: Buffer[] = [];
  for (;;) {
    if (offset + 12 > buf.length) throw new DatasetError("png_truncated", file, `file ends at byte ${buf.length} before the IEND chunk`);
    const length = buf.readUInt32BE(offset);
    const type = buf.toString("latin1", offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > buf.length) throw new DatasetError("png_truncated", file, `chunk ${type} needs ${length} bytes but the file ends at byte ${buf.length}`);
    const crc = buf.readUInt32BE(offset + 8 + length);
    if (crc32(buf.subarray(offset + 4, offset + 8 + length)) !== crc) throw new DatasetError("png_invalid", file, `chunk ${type} at byte ${offset} fails its CRC check (corrupt file)`);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      if (length !== 13) throw new DatasetError("png_invalid", file, "IHDR chunk has the wrong length");
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8]!, colourType: data[9]!, interlace: data[12]! };
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    offset = end;
  }
  if (header === null) throw new DatasetError("png_invalid", file, "no IHDR chunk");
  if (idat.length === 0) throw new DatasetError("png_invalid", file, "no IDAT chunk (no image data)");
  return { header, idat: Buffer.concat(idat) };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses the per-row filters in place; returns the raw scanlines without filter bytes. */
function unfilter(data: Buffer, height: number, stride: number, bpp: number, file: string): Buffer {
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const type = data[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let i = 0; i < stride; i++) {
      const x = data[src + i]!;
      const a = i >= bpp ? out[dst + i - bpp]! : 0;
      const b = y > 0 ? out[dst - stride + i]! : 0;
      const c = i >= bpp && y > 0 ? out[dst - stride + i - bpp]! : 0;
      let v: number;
      switch (type) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + b; break;
        case 3: v = x + ((a + b) >> 1); break;
        case 4: v = x + paeth(a, b, c); break;
        default: throw new DatasetError("png_invalid", file, `row ${y} has unknown filter type ${type}`);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

export function decodePng(bytes: Uint8Array, file: string): GrayImage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { header, idat } = readChunks(buf, file);
  const { width, height, bitDepth, colourType, interlace } = header;
  const channels = CHANNELS[colourType];
  if (channels === undefined || (bitDepth !== 8 && bitDepth !== 16) || interlace !== 0) {
    throw new DatasetError("png_unsupported", file, `colour type ${colourType}, bit depth ${bitDepth}, interlace ${interlace} is not handled by the built-in decoder`);
  }
  if (width === 0 || height === 0) throw new DatasetError("png_invalid", file, `image size ${width}x${height}`);
  let inflated: Buffer;
  try {
    inflated = inflateSync(idat);
  } catch (e) {
    throw new DatasetError("png_truncated", file, `image data does not decompress (${(e as Error).message})`);
  }
  const bpp = (channels * bitDepth) / 8;
  const stride = width * bpp;
  if (inflated.length < (stride + 1) * height) {
    throw new DatasetError("png_truncated", file, `image data holds ${inflated.length} bytes, ${width}x${height} needs ${(stride + 1) * height}`);
  }
  const raw = unfilter(inflated, height, stride, bpp, file);
  const pixels = new Uint16Array(width * height);
  const sample = bitDepth === 16 ? (o: number) => raw.readUInt16BE(o) : (o: number) => raw[o]!;
  const bytesPerSample = bitDepth / 8;
  const colour = colourType === 2 || colourType === 6;
  for (let p = 0; p < pixels.length; p++) {
    const o = p * bpp;
    pixels[p] = colour
      ? Math.round(0.299 * sample(o) + 0.587 * sample(o + bytesPerSample) + 0.114 * sample(o + 2 * bytesPerSample))
      : sample(o);
  }
  return { width, height, pixels, bitDepth };
}
