/**
 * The ONNX messages we emit, encoded with field numbers from onnx/onnx.proto (IR version 10):
 * ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto.
 */
import { ProtoWriter } from "./protobuf.js";

/** TensorProto.DataType values. */
export const ONNX_DTYPE = { float32: 1, int64: 7, bool: 9, float64: 11 } as const;
export type OnnxDType = keyof typeof ONNX_DTYPE;

export interface OnnxTensor {
  name: string;
  dtype: OnnxDType;
  dims: readonly number[];
  /** Little-endian bytes (TensorProto.raw_data). */
  raw: Uint8Array;
}

export type OnnxAttr =
  | { name: string; kind: "int"; value: number }
  | { name: string; kind: "float"; value: number }
  | { name: string; kind: "string"; value: string }
  | { name: string; kind: "ints"; value: readonly number[] }
  | { name: string; kind: "tensor"; value: OnnxTensor };

export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  attrs: readonly OnnxAttr[];
}

export interface OnnxValueInfo {
  name: string;
  dtype: OnnxDType;
  dims: readonly number[];
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

export const IR_VERSION = 10;
export const OPSET = 21;

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, ONNX_DTYPE[t.dtype]);
  w.string(8, t.name);
  w.bytes(9, t.raw);
}

function writeAttr(w: ProtoWriter, a: OnnxAttr): void {
  w.string(1, a.name);
  switch (a.kind) {
    case "float":
      w.float(2, a.value).int(20, 1);
      break;
    case "int":
      w.int(3, a.value).int(20, 2);
      break;
    case "string":
      w.bytes(4, new TextEncoder().encode(a.value)).int(20, 3);
      break;
    case "tensor":
      w.message(5, (t) => writeTensor(t, a.value)).int(20, 4);
      break;
    case "ints":
      for (const v of a.value) w.int(8, v);
      w.int(20, 7);
      break;
  }
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tt) => {
      tt.int(1, ONNX_DTYPE[v.dtype]);
      tt.message(2, (shape) => {
        for (const d of v.dims) shape.message(1, (dim) => dim.int(1, d));
      });
    }),
  );
}

export function encodeModel(graph: OnnxGraph, producer = "cxr-ml-engine"): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, IR_VERSION);
  w.string(2, producer);
  w.message(7, (gw) => {
    for (const n of graph.nodes) {
      gw.message(1, (nw) => {
        for (const i of n.inputs) nw.string(1, i);
        for (const o of n.outputs) nw.string(2, o);
        nw.string(3, n.name);
        nw.string(4, n.opType);
        for (const a of n.attrs) nw.message(5, (aw) => writeAttr(aw, a));
      });
    }
    gw.string(2, graph.name);
    for (const t of graph.initializers) gw.message(5, (tw) => writeTensor(tw, t));
    for (const v of graph.inputs) gw.message(11, (vw) => writeValueInfo(vw, v));
    for (const v of graph.outputs) gw.message(12, (vw) => writeValueInfo(vw, v));
  });
  w.message(8, (ow) => ow.string(1, "").int(2, OPSET));
  return w.finish();
}

/** Little-endian raw bytes of numbers in an ONNX dtype. */
export function rawBytes(values: ArrayLike<number>, dtype: OnnxDType): Uint8Array {
  switch (dtype) {
    case "float32":
      return new Uint8Array(Float32Array.from(values).buffer);
    case "float64":
      return new Uint8Array(Float64Array.from(values).buffer);
    case "int64": {
      const a = new BigInt64Array(values.length);
      for (let i = 0; i < values.length; i++) a[i] = BigInt(Math.trunc(values[i]!));
      return new Uint8Array(a.buffer);
    }
    case "bool":
      return Uint8Array.from(values, (v) => (v ? 1 : 0));
  }
}
