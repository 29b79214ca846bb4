/**
 * One entry point for real and synthetic inputs: PNG, JPEG or DICOM, sniffed from the bytes
 * (not trusted from the extension), into a GrayImage. Errors name the file and the problem.
 */
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { DatasetError } from "../../../shared/dataset/errors.js";
import type { GrayImage } from "./gray-image.js";
import { decodeDicom, isDicom } from "./dicom-read.js";
import { decodePng, isPng } from "./png-decode.js";
import { decodeWithSharp, isJpeg } from "./raster-decode.js";

export async function readFileOrFail(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DatasetError("file_missing", path, "file does not exist");
    if (code === "EISDIR") throw new DatasetError("not_a_file", path, "is a directory, expected a file");
    throw new DatasetError("file_missing", path, `cannot read (${(e as Error).message})`);
  }
}

export async function decodeImageBytes(bytes: Uint8Array, file: string): Promise<GrayImage> {
  if (isPng(bytes)) {
    try {
      return decodePng(bytes, file);
    } catch (e) {
      if (e instanceof DatasetError && e.code === "png_unsupported") return decodeWithSharp(bytes, file, "png_invalid");
      throw e;
    }
  }
  if (isJpeg(bytes)) return decodeWithSharp(bytes, file, "jpeg_invalid");
  if (isDicom(bytes)) return (await decodeDicom(bytes, file)).image;
  const ext = extname(file).toLowerCase();
  if (ext === ".dcm" || ext === ".dicom") return (await decodeDicom(bytes, file)).image; // raises not_dicom
  if (ext === ".png") throw new DatasetError("png_invalid", file, "not a PNG (signature missing)");
  if (ext === ".jpg" || ext === ".jpeg") throw new DatasetError("jpeg_invalid", file, "not a JPEG (no FF D8 FF start marker)");
  throw new DatasetError("image_format_unknown", file, "not a PNG, JPEG or DICOM file (first bytes match none of them)");
}

export async function decodeImageFile(path: string): Promise<GrayImage> {
  return decodeImageBytes(await readFileOrFail(path), path);
}
