import { crc32 as zlibCrc32, deflateSync } from "node:zlib";
import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { DatasetError } from "../../../../shared/dataset/errors.js";
import { createRng } from "../../../../shared/random.js";
import { decodePng } from "../../../../batch-jobs/data/images/png-decode.js";
import { encodeGrayPng } from "../../../../batch-jobs/data/images/png-encode.js";
import { decodeWithSharp } from "../../../../batch-jobs/data/images/raster-decode.js";
import { decodeImageBytes } from "../../../../batch-jobs/data/images/decode-image.js";

function randomPixels(n: number, max: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.int(max + 1));
}

function expectDatasetError(fn: () => unknown, code: string, file: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).code).toBe(code);
    expect((e as DatasetError).message).toContain(file);
    return;
  }
  throw new Error(`expected a DatasetError ${code}`);
}

describe("grayscale PNG", () => {
  it("round-trips 16-bit pixels exactly, for any size and content", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 23 }), fc.integer({ min: 1, max: 17 }), fc.integer(), (w, h, seed) => {
        const pixels = Uint16Array.from(randomPixels(w * h, 65535, seed));
        const img = decodePng(encodeGrayPng(w, h, pixels, 16), "t.png");
        expect(img).toEqual({ width: w, height: h, pixels, bitDepth: 16 });
      }),
      { numRuns: 60 },
    );
  });

  it("round-trips 8-bit pixels exactly", () => {
    const pixels = Uint8Array.from(randomPixels(37 * 29, 255, 7));
    const img = decodePng(encodeGrayPng(37, 29, pixels, 8), "t.png");
    expect(img.bitDepth).toBe(8);
    expect(Array.from(img.pixels)).toEqual(Array.from(pixels));
  });

  it("is valid per spec: libvips (sharp) reads the same 16-bit big-endian samples", async () => {
    const pixels = Uint16Array.from([0, 1, 256, 257, 0x1234, 0xfedc, 65535, 32768, 4095]);
    const png = encodeGrayPng(3, 3, pixels, 16);
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: "png", width: 3, height: 3, depth: "ushort", channels: 1 });
    const { data } = await sharp(png).toColourspace("grey16").raw({ depth: "ushort" }).toBuffer({ resolveWithObject: true });
    expect(Array.from(new Uint16Array(data.buffer, data.byteOffset, 9))).toEqual(Array.from(pixels));
  });

  it("decodes 16-bit through the sharp fallback path to the same samples", async () => {
    const pixels = Uint16Array.from(randomPixels(20 * 10, 65535, 11));
    const img = await decodeWithSharp(encodeGrayPng(20, 10, pixels, 16), "s.png", "png_invalid");
    expect(img.bitDepth).toBe(16);
    expect(Array.from(img.pixels)).toEqual(Array.from(pixels));
  });

  it("is deterministic: same pixels, same bytes", () => {
    const pixels = Uint16Array.from(randomPixels(64, 65535, 3));
    expect(encodeGrayPng(8, 8, pixels, 16).equals(encodeGrayPng(8, 8, pixels, 16))).toBe(true);
  });

  it("decodes colour PNGs (e.g. the real ones sharp writes) to BT.601 luma", async () => {
    const rgb = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 100, 100, 100]);
    const png = await sharp(rgb, { raw: { width: 2, height: 2, channels: 3 } }).png().toBuffer();
    const img = await decodeImageBytes(png, "rgb.png");
    expect(Array.from(img.pixels)).toEqual([76, 150, 29, 100]);
  });

  it("decodes all five filter types (PNGs from other encoders use them)", () => {
    // A 3x5 8-bit image, row y filtered with filter type y (None, Sub, Up, Average, Paeth).
    const w = 3;
    const rows = [[10, 20, 30], [15, 25, 35], [5, 5, 5], [200, 100, 50], [1, 2, 3]];
    const filters = [0, 1, 2, 3, 4];
    const raw: number[] = [];
    let prev = [0, 0, 0];
    rows.forEach((row, y) => {
      const f = filters[y]!;
      raw.push(f);
      row.forEach((x, i) => {
        const a = i > 0 ? row[i - 1]! : 0, b = prev[i]!, c = i > 0 ? prev[i - 1]! : 0;
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f]!;
        raw.push((x - pred) & 0xff);
      });
      prev = row;
    });
    const base = encodeGrayPng(w, rows.length, new Uint8Array(w * rows.length), 8);
    // Replace the IDAT of a valid PNG with ours (CRC recomputed by re-encoding the chunk).
    const png = replaceIdat(base, deflateSync(Buffer.from(raw)));
    expect(Array.from(decodePng(png, "f.png").pixels)).toEqual(rows.flat());
  });

  it("names the file and the problem for truncated, corrupt and non-PNG input", () => {
    const png = encodeGrayPng(16, 16, Uint16Array.from(randomPixels(256, 65535, 1)), 16);
    expectDatasetError(() => decodePng(png.subarray(0, png.length - 30), "cut.png"), "png_truncated", "cut.png");
    const flipped = Buffer.from(png);
    flipped[60] = flipped[60]! ^ 0xff;
    expectDatasetError(() => decodePng(flipped, "flip.png"), "png_invalid", "flip.png");
    expectDatasetError(() => decodePng(Buffer.from("hello world, not a png"), "text.png"), "png_invalid", "text.png");
  });
});

function replaceIdat(png: Buffer, idat: Buffer): Buffer {
  const out: Buffer[] = [png.subarray(0, 8)];
  let o = 8;
  while (o < png.length) {
    const len = png.readUInt32BE(o);
    const type = png.toString("latin1", o + 4, o + 8);
    if (type === "IDAT") {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(idat.length, 0);
      head.write("IDAT", 4, "latin1");
      const crc = Buffer.alloc(4);
      // CRC over type + data (zlib's crc32, independent of ours).
      crc.writeUInt32BE(zlibCrc32(Buffer.concat([head.subarray(4), idat])), 0);
      out.push(head, idat, crc);
    } else out.push(png.subarray(o, o + 12 + len));
    o += 12 + len;
  }
  return Buffer.concat(out);
}
