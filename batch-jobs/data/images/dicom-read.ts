/**
 * Reads a DICOM Part 10 file into a GrayImage plus its tags (keyword form). Native (uncompressed)
 * transfer syntaxes are decoded directly; JPEG Baseline (8-bit) fragments are decoded with sharp.
 * Anything else fails with dicom_unsupported_transfer_syntax naming the syntax.
 */
import dcmjs from "dcmjs";
import { DatasetError } from "../../../shared/dataset/errors.js";
import type { GrayImage } from "./gray-image.js";
import { TRANSFER_SYNTAX_NAMES } from "./dicom-config.js";
import { decodeWithSharp } from "./raster-decode.js";

dcmjs.log.setLevel("error");
// Implicit VR files make dcmjs's validator log "Invalid vr type ox - using OW" for PixelData, which
// it then reads correctly; problems we care about surface as exceptions instead.
dcmjs.log.getLogger("validation.dcmjs").setLevel("silent");

const NATIVE_SYNTAXES = new Set(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99"]);
const JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

export interface DicomFile {
  image: GrayImage;
  transferSyntaxUid: string;
  /** All data-set attributes except PixelData, by keyword (dcmjs naturalized form). */
  tags: Record<string, unknown>;
  /** File meta attributes (group 0002) by keyword. */
  meta: Record<string, unknown>;
}

export function isDicom(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

function intTag(tags: Record<string, unknown>, name: string, file: string, fallback?: number): number {
  const raw = tags[name];
  const v = Array.isArray(raw) ? raw[0] : raw;
  const n = typeof v === "string" ? Number(v) : v;
  if (typeof n === "number" && Number.isInteger(n)) return n;
  if (fallback !== undefined && (raw === undefined || raw === "")) return fallback;
  throw new DatasetError("dicom_invalid", file, `attribute ${name} is missing or not an integer (${JSON.stringify(raw)})`);
}

export async function decodeDicom(bytes: Uint8Array, file: string): Promise<DicomFile> {
  if (!isDicom(bytes)) throw new DatasetError("not_dicom", file, "not a DICOM Part 10 file (no 'DICM' marker at byte 128)");
  let dict;
  try {
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    dict = dcmjs.data.DicomMessage.readFile(ab);
  } catch (e) {
    throw new DatasetError("dicom_invalid", file, `cannot parse DICOM (${(e as Error).message})`);
  }
  const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta);
  const tags = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
  const syntax = String(meta.TransferSyntaxUID ?? "");
  const pixelData = tags.PixelData;
  delete tags.PixelData;
  if (!Array.isArray(pixelData) || !(pixelData[0] instanceof ArrayBuffer)) {
    throw new DatasetError("dicom_unsupported_image", file, "the file has no PixelData (not an image object?)");
  }
  const width = intTag(tags, "Columns", file);
  const height = intTag(tags, "Rows", file);
  const samples = intTag(tags, "SamplesPerPixel", file, 1);
  const photometric = String(tags.PhotometricInterpretation ?? "");
  if (samples !== 1 || (photometric !== "MONOCHROME1" && photometric !== "MONOCHROME2")) {
    throw new DatasetError("dicom_unsupported_image", file, `only grayscale images are supported (SamplesPerPixel ${samples}, PhotometricInterpretation ${photometric})`);
  }
  const frames = intTag(tags, "NumberOfFrames", file, 1);
  if (frames !== 1) throw new DatasetError("dicom_unsupported_image", file, `multi-frame images are not supported (NumberOfFrames ${frames}); chest radiographs are single-frame`);
  let image: GrayImage;
  if (NATIVE_SYNTAXES.has(syntax)) image = decodeNative(bytes, syntax, pixelData[0], tags, width, height, file);
  else if (syntax === JPEG_BASELINE) image = await decodeJpegFrame(pixelData as ArrayBuffer[], width, height, file);
  else {
    const name = TRANSFER_SYNTAX_NAMES[syntax] ?? "unknown";
    throw new DatasetError(
      "dicom_unsupported_transfer_syntax",
      file,
      `transfer syntax ${syntax} (${name}) is not supported; supported: Implicit/Explicit VR Little Endian, Deflated, JPEG Baseline. ` +
        "Convert with e.g. `dcmdjpeg`/`gdcmconv --raw` first.",
    );
  }
  if (photometric === "MONOCHROME1") {
    const max = 2 ** image.bitDepth - 1;
    for (let i = 0; i < image.pixels.length; i++) image.pixels[i] = max - image.pixels[i]!;
  }
  return { image, transferSyntaxUid: syntax, tags, meta };
}

/**
 * dcmjs zero-fills a PixelData value cut short by the end of the file, so a truncated file would
 * read as an image with a black bottom. Find the (7FE0,0010) element header, scanning back from
 * the end (explicit VR: followed by OB/OW and two zero bytes; implicit VR: by the expected
 * length, so pixel values that happen to look like the tag are skipped), and check that its value
 * fits in the file. Deflated data is length-checked by inflate instead.
 */
function assertPixelDataComplete(bytes: Uint8Array, syntax: string, file: string, expectedBytes: number): void {
  if (syntax === "1.2.840.10008.1.2.1.99") return;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = Buffer.from([0xe0, 0x7f, 0x10, 0x00]);
  const explicit = syntax !== "1.2.840.10008.1.2";
  for (let at = buf.lastIndexOf(tag); at >= 0; at = at === 0 ? -1 : buf.lastIndexOf(tag, at - 1)) {
    const lengthAt = explicit ? at + 8 : at + 4;
    if (lengthAt + 4 > buf.length) continue;
    const length = buf.readUInt32LE(lengthAt);
    const plausible = explicit
      ? (buf.toString("latin1", at + 4, at + 6) === "OW" || buf.toString("latin1", at + 4, at + 6) === "OB") && buf[at + 6] === 0 && buf[at + 7] === 0
      : length === expectedBytes || length === expectedBytes + 1;
    if (!plausible) continue;
    if (lengthAt + 4 + length > buf.length) {
      throw new DatasetError("dicom_invalid", file, `PixelData declares ${length} bytes but the file ends ${lengthAt + 4 + length - buf.length} bytes early (truncated file)`);
    }
    return;
  }
}

function decodeNative(fileBytes: Uint8Array, syntax: string, buffer: ArrayBuffer, tags: Record<string, unknown>, width: number, height: number, file: string): GrayImage {
  const allocated = intTag(tags, "BitsAllocated", file);
  const stored = intTag(tags, "BitsStored", file, allocated);
  const signed = intTag(tags, "PixelRepresentation", file, 0) === 1;
  if (allocated !== 8 && allocated !== 16) throw new DatasetError("dicom_unsupported_image", file, `BitsAllocated ${allocated} is not supported (8 or 16)`);
  if (stored < 1 || stored > allocated) throw new DatasetError("dicom_invalid", file, `BitsStored ${stored} does not fit BitsAllocated ${allocated}`);
  const count = width * height;
  const needed = (count * allocated) / 8;
  assertPixelDataComplete(fileBytes, syntax, file, needed);
  if (buffer.byteLength < needed) {
    throw new DatasetError("dicom_invalid", file, `PixelData holds ${buffer.byteLength} bytes, ${width}x${height}x${allocated} bits needs ${needed} (truncated file?)`);
  }
  const view = new DataView(buffer);
  const mask = 2 ** stored - 1;
  const signBit = 2 ** (stored - 1);
  const pixels = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const raw = (allocated === 16 ? view.getUint16(i * 2, true) : view.getUint8(i)) & mask;
    // Signed samples (two's complement in BitsStored bits) are offset to unsigned: v + 2^(stored−1).
    pixels[i] = signed ? (raw ^ signBit) : raw;
  }
  return { width, height, pixels, bitDepth: stored };
}

async function decodeJpegFrame(fragments: ArrayBuffer[], width: number, height: number, file: string): Promise<GrayImage> {
  // dcmjs returns one buffer per frame for single-fragment frames; join fragments of frame 1.
  const bytes = Buffer.concat(fragments.map((f) => new Uint8Array(f)));
  const image = await decodeWithSharp(bytes, file, "dicom_invalid");
  if (image.width !== width || image.height !== height) {
    throw new DatasetError("dicom_invalid", file, `JPEG frame is ${image.width}x${image.height} but Rows/Columns say ${width}x${height}`);
  }
  return image;
}
