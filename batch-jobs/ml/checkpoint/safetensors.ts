/**
 * The safetensors format (huggingface/safetensors, README "Format"), readable by its Python and
 * Rust libraries:
 *   bytes 0..8     N, the header length, unsigned 64-bit little-endian
 *   bytes 8..8+N   UTF-8 JSON: { "<name>": { "dtype", "shape", "data_offsets": [begin, end] }, …,
 *                  "__metadata__": { string: string } }, padded with spaces (0x20) to a multiple
 *                  of 8 like the reference writer, so every tensor starts aligned
 *   rest           the byte buffer: tensors back to back, row-major, little-endian; offsets are
 *                  relative to its start and must cover it exactly, with no holes or overlaps.
 * Tensors are written by decreasing element size, then name (as the Rust writer orders them),
 * which keeps each tensor aligned to its element size.
 */
import { endianness } from "node:os";
import { elementCount, type HostData, type HostTensor, type NamedTensors } from "../host-tensor.js";
import { CheckpointError } from "./errors.js";

export type SafetensorsDtype = "F32" | "F64" | "I32" | "I64";

const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F64: 8, I32: 4, I64: 8 };
/** The reference implementation's cap: a larger header is refused as hostile. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

if (endianness() !== "LE") throw new Error("safetensors: typed arrays are written as-is, which needs a little-endian host");

export function dtypeOf(data: HostData): SafetensorsDtype {
  if (data instanceof Float32Array) return "F32";
  if (data instanceof Float64Array) return "F64";
  if (data instanceof Int32Array) return "I32";
  return "I64";
}

export interface TensorEntry {
  dtype: SafetensorsDtype;
  shape: number[];
}

/** The header bytes and the data chunks (views, not copies) that make up a file, in order. */
export interface EncodedSafetensors {
  chunks: Uint8Array[];
  byteLength: number;
  entries: Record<string, TensorEntry>;
}

export function encodeSafetensors(tensors: NamedTensors, metadata: Record<string, string> = {}, label = "tensors"): EncodedSafetensors {
  const names = Object.keys(tensors).sort((a, b) => {
    const size = BYTES[dtypeOf(tensors[b]!.data)] - BYTES[dtypeOf(tensors[a]!.data)];
    return size !== 0 ? size : a < b ? -1 : a > b ? 1 : 0;
  });
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  const entries: Record<string, TensorEntry> = {};
  const dataChunks: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    if (name === "__metadata__") throw new CheckpointError("CHECKPOINT_BAD_INPUT", `${label}: "__metadata__" is reserved and cannot name a tensor`);
    const t = tensors[name]!;
    checkTensor(name, t, label);
    const dtype = dtypeOf(t.data);
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    header[name] = { dtype, shape: [...t.dims], data_offsets: [offset, offset + bytes.byteLength] };
    entries[name] = { dtype, shape: [...t.dims] };
    dataChunks.push(bytes);
    offset += bytes.byteLength;
  }
  let json = JSON.stringify(header);
  const jsonBytes = Buffer.byteLength(json, "utf8");
  json += " ".repeat((8 - (jsonBytes % 8)) % 8);
  const headerBytes = Buffer.from(json, "utf8");
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerBytes.byteLength));
  return { chunks: [prefix, headerBytes, ...dataChunks], byteLength: 8 + headerBytes.byteLength + offset, entries };
}

function checkTensor(name: string, t: HostTensor, label: string): void {
  if (!t.dims.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new CheckpointError("CHECKPOINT_BAD_INPUT", `${label}: tensor "${name}" has invalid dims [${t.dims.join(",")}]`);
  }
  if (elementCount(t.dims) !== t.data.length) {
    throw new CheckpointError("CHECKPOINT_BAD_INPUT", `${label}: tensor "${name}" has dims [${t.dims.join(",")}] but ${t.data.length} elements`);
  }
}

export interface DecodedSafetensors {
  tensors: NamedTensors;
  entries: Record<string, TensorEntry>;
  metadata: Record<string, string>;
}

/** Parses and validates a whole file held in memory; `file` names it in errors. Tensors are copies. */
export function decodeSafetensors(bytes: Uint8Array, file: string): DecodedSafetensors {
  const fail = (msg: string): never => {
    throw new CheckpointError("CHECKPOINT_FORMAT", `${file}: ${msg}`);
  };
  if (bytes.byteLength < 8) {
    throw new CheckpointError("CHECKPOINT_TRUNCATED", `${file}: ${bytes.byteLength} bytes, shorter than the 8-byte header length`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getBigUint64(0, true);
  if (headerLen > BigInt(MAX_HEADER_BYTES)) fail(`header length ${headerLen} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const n = Number(headerLen);
  if (8 + n > bytes.byteLength) {
    throw new CheckpointError("CHECKPOINT_TRUNCATED", `${file}: header says ${n} header bytes, only ${bytes.byteLength - 8} follow`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) fail("header is not a JSON object");
  const dataStart = 8 + n;
  const dataLen = bytes.byteLength - dataStart;
  const metadata: Record<string, string> = {};
  const entries: Record<string, TensorEntry> = {};
  const spans: Array<{ name: string; begin: number; end: number }> = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (typeof raw !== "object" || raw === null) fail("__metadata__ is not an object");
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== "string") fail(`__metadata__.${k} is not a string`);
        metadata[k] = v as string;
      }
      continue;
    }
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = info.dtype;
    if (typeof dtype !== "string" || !(dtype in BYTES)) fail(`tensor "${name}" has unsupported dtype ${JSON.stringify(dtype)} (supported: F32, F64, I32, I64)`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`tensor "${name}" has an invalid shape`);
    const offsets = info.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) {
      fail(`tensor "${name}" has invalid data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    const expected = elementCount(shape as number[]) * BYTES[dtype as SafetensorsDtype];
    if (end - begin !== expected) fail(`tensor "${name}" spans ${end - begin} bytes, its dtype and shape need ${expected}`);
    if (end > dataLen) {
      throw new CheckpointError("CHECKPOINT_TRUNCATED", `${file}: tensor "${name}" ends at data byte ${end}, the file holds only ${dataLen}`);
    }
    entries[name] = { dtype: dtype as SafetensorsDtype, shape: shape as number[] };
    spans.push({ name, begin, end });
  }
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const s of spans) {
    if (s.begin !== cursor) fail(`tensor "${s.name}" starts at data byte ${s.begin}, expected ${cursor} (hole or overlap)`);
    cursor = s.end;
  }
  if (cursor !== dataLen) fail(`tensors cover ${cursor} data bytes but the file holds ${dataLen} (trailing bytes)`);
  const tensors: NamedTensors = {};
  for (const s of spans) {
    const entry = entries[s.name]!;
    // Copy into a fresh buffer: the source offset need not be aligned for the typed array.
    const copy = new Uint8Array(s.end - s.begin);
    copy.set(bytes.subarray(dataStart + s.begin, dataStart + s.end));
    tensors[s.name] = { dims: entry.shape, data: typedArray(entry.dtype, copy.buffer) };
  }
  return { tensors, entries, metadata };
}

function typedArray(dtype: SafetensorsDtype, buffer: ArrayBuffer): HostData {
  switch (dtype) {
    case "F32":
      return new Float32Array(buffer);
    case "F64":
      return new Float64Array(buffer);
    case "I32":
      return new Int32Array(buffer);
    case "I64":
      return new BigInt64Array(buffer);
  }
}
