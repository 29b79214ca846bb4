import type { FileFormat } from "../../../shared/api/index.js";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG: the 8-byte signature (PNG spec §5.2). DICOM Part 10: 128-byte preamble then "DICM" (PS3.10 §7.1). */
export function looksLike(format: FileFormat, bytes: Uint8Array): boolean {
  if (format === "png") return bytes.length > PNG_MAGIC.length && PNG_MAGIC.every((b, i) => bytes[i] === b);
  return bytes.length > 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}
