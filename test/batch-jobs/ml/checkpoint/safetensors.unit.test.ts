import { describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors } from "../../../../batch-jobs/ml/checkpoint/index.js";
import type { NamedTensors } from "../../../../batch-jobs/ml/host-tensor.js";

const concat = (chunks: Uint8Array[]): Uint8Array => Buffer.concat(chunks);

describe("safetensors", () => {
  it("writes exactly the layout of the spec: u64 LE length, space-padded JSON, raw LE data", () => {
    const bytes = concat(encodeSafetensors({ a: { dims: [2], data: new Float32Array([1, 2]) } }).chunks);
    const json = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'; // 54 bytes → padded to 56
    const expected = Buffer.concat([
      Buffer.from([56, 0, 0, 0, 0, 0, 0, 0]),
      Buffer.from(json + "  "),
      Buffer.from([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40]), // 1.0f, 2.0f little-endian
    ]);
    expect(Buffer.from(bytes).equals(expected)).toBe(true);
  });

  it("round-trips F32/F64/I32/I64, scalars, empty tensors and metadata bit-exactly", () => {
    const f32 = new Float32Array([0, -0, 1.5, NaN, Infinity, -3.4028234663852886e38, 1e-45]);
    const tensors: NamedTensors = {
      "blocks.0.attn.w": { dims: [7], data: f32 },
      f64: { dims: [2, 1], data: new Float64Array([Math.PI, -1e-300]) },
      i32: { dims: [3], data: new Int32Array([-2147483648, 0, 2147483647]) },
      i64: { dims: [2], data: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]) },
      scalar: { dims: [], data: new Float32Array([42]) },
      empty: { dims: [0, 4], data: new Float32Array(0) },
    };
    const encoded = encodeSafetensors(tensors, { step: "7", note: "ünïcode" });
    const bytes = concat(encoded.chunks);
    expect(bytes.byteLength).toBe(encoded.byteLength);
    const headerLen = Number(Buffer.from(bytes).readBigUInt64LE(0));
    expect(headerLen % 8).toBe(0);
    const decoded = decodeSafetensors(bytes, "t.safetensors");
    expect(decoded.metadata).toEqual({ step: "7", note: "ünïcode" });
    for (const [name, t] of Object.entries(tensors)) {
      const back = decoded.tensors[name]!;
      expect(back.dims).toEqual(t.dims);
      expect(back.data.constructor).toBe(t.data.constructor);
      expect(Buffer.from(back.data.buffer, back.data.byteOffset, back.data.byteLength).equals(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))).toBe(true);
    }
    // 8-byte types first, so every tensor is aligned to its element size in the file.
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLen)).toString()) as Record<string, { data_offsets: [number, number]; dtype: string }>;
    for (const [name, h] of Object.entries(header)) {
      if (name === "__metadata__") continue;
      const size = h.dtype.endsWith("64") ? 8 : 4;
      expect((8 + headerLen + h.data_offsets[0]) % size).toBe(0);
    }
  });

  it("reads files from other writers: unpadded header, unsorted keys", () => {
    const json = '{"b":{"dtype":"I32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}';
    const bytes = Buffer.concat([Buffer.alloc(8), Buffer.from(json), Buffer.from(new Int32Array([5, 6]).buffer)]);
    bytes.writeBigUInt64LE(BigInt(json.length));
    const t = decodeSafetensors(bytes, "x").tensors;
    expect(Array.from(t.a!.data as Int32Array)).toEqual([5]);
    expect(Array.from(t.b!.data as Int32Array)).toEqual([6]);
  });

  const withHeader = (header: object, dataBytes: number): Uint8Array => {
    const json = Buffer.from(JSON.stringify(header));
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(BigInt(json.length));
    return Buffer.concat([prefix, json, Buffer.alloc(dataBytes)]);
  };

  it.each([
    ["a hole between tensors", { a: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, 8, /CHECKPOINT_FORMAT.*starts at data byte 4, expected 0/],
    ["trailing bytes", { a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, 12, /CHECKPOINT_FORMAT.*trailing/],
    ["an unsupported dtype", { a: { dtype: "BF16", shape: [1], data_offsets: [0, 2] } }, 2, /CHECKPOINT_FORMAT.*"a".*BF16/],
    ["a size not matching the shape", { a: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, 8, /CHECKPOINT_FORMAT.*"a" spans 8 bytes.*12/],
    ["data past the end", { a: { dtype: "F32", shape: [4], data_offsets: [0, 16] } }, 8, /CHECKPOINT_TRUNCATED.*"a" ends at data byte 16.*8/],
  ])("rejects %s", (_label, header, dataBytes, error) => {
    expect(() => decodeSafetensors(withHeader(header, dataBytes), "bad.safetensors")).toThrow(error);
  });

  it("rejects a file cut inside its header", () => {
    const bytes = concat(encodeSafetensors({ a: { dims: [1], data: new Float32Array(1) } }).chunks);
    expect(() => decodeSafetensors(bytes.subarray(0, 20), "cut.safetensors")).toThrow(/CHECKPOINT_TRUNCATED: cut.safetensors/);
    expect(() => decodeSafetensors(bytes.subarray(0, 5), "cut.safetensors")).toThrow(/CHECKPOINT_TRUNCATED/);
  });

  it("refuses to write a tensor whose dims do not match its data", () => {
    expect(() => encodeSafetensors({ w: { dims: [2, 2], data: new Float32Array(3) } })).toThrow(/CHECKPOINT_BAD_INPUT.*"w".*\[2,2\].*3 elements/);
  });
});
