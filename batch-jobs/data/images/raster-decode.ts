/**
 * JPEG (and any PNG the built-in decoder does not handle) through sharp/libvips. Colour images
 * become luma; 16-bit sources stay 16-bit. Failures become DatasetErrors naming the file.
 */
import sharp from "sharp";
import { DatasetError, type DatasetErrorCode } from "../../../shared/dataset/errors.js";
import type { GrayImage } from "./gray-image.js";

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export async function decodeWithSharp(bytes: Uint8Array, file: string, errorCode: DatasetErrorCode): Promise<GrayImage> {
  try {
    // failOn "truncated": a cut-off JPEG is an error, not a silently grey bottom half.
    const meta = await sharp(bytes, { failOn: "truncated" }).metadata();
    const sixteen = meta.depth === "ushort";
    const pipeline = sharp(bytes, { failOn: "truncated" }).toColourspace(sixteen ? "grey16" : "b-w");
    const { data, info } = await pipeline.raw(sixteen ? { depth: "ushort" } : {}).toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`expected 1 channel after grayscale conversion, got ${info.channels}`);
    const pixels = new Uint16Array(info.width * info.height);
    if (sixteen) {
      const src = new Uint16Array(data.buffer, data.byteOffset, pixels.length);
      pixels.set(src);
    } else {
      for (let i = 0; i < pixels.length; i++) pixels[i] = data[i]!;
    }
    return { width: info.width, height: info.height, pixels, bitDepth: sixteen ? 16 : 8 };
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(errorCode, file, `cannot decode image (${(e as Error).message.trim()})`);
  }
}
