/**
 * Graph → ONNX bytes. Inference: parameters are initializers (or, optionally, inputs).
 * Training: inputs = batch + trainable parameters; outputs = every graph output (loss first) +
 * "grad/<param>" per trainable parameter; frozen parameters stay initializers.
 */
import { gradients } from "../autodiff/gradients.js";
import { topoOrder } from "../autodiff/topo.js";
import type { GraphBuilder, ParamInfo } from "../graph/builder.js";
import { MlError, fmtShape } from "../graph/errors.js";
import type { Tensor } from "../graph/tensor.js";
import { elementCount, type HostTensor } from "../host-tensor.js";
import { emitNode, type EmitContext } from "./emit-ops.js";
import { encodeModel, rawBytes, type OnnxDType, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from "./onnx-proto.js";

/** Parameter values: float32 normally, float64 accepted (gradient checks). */
export type ParamValues = Record<string, HostTensor<Float32Array | Float64Array>>;

export interface TensorSpec {
  name: string;
  dims: readonly number[];
  dtype: OnnxDType;
}

export interface CompiledModel {
  onnxBytes: Uint8Array;
  inputNames: string[];
  outputNames: string[];
  /** Inference: every parameter; training: the trainable ones, in gradient order. */
  paramNames: string[];
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export interface InferenceOptions {
  /** Outputs to keep (default: all graph outputs). Unneeded inputs (e.g. labels) drop out. */
  outputs?: readonly string[];
  /** Parameters as float inputs instead of initializers (default false). */
  paramsAsInputs?: boolean;
}

export interface TrainingOptions {
  /** Parameter groups to train ("all" = every group); the others are frozen initializers. */
  trainable: readonly string[] | "all";
  /** Name of the scalar loss output (default "loss"). */
  loss?: string;
}

export function compileInference(g: GraphBuilder, params: ParamValues, o: InferenceOptions = {}): CompiledModel {
  const names = o.outputs ?? [...g.outputs.keys()];
  const outs = names.map((n) => [n, outputTensor(g, n)] as const);
  const paramNames = [...g.params.keys()];
  const asInputs = o.paramsAsInputs ? paramNames : [];
  return emit(g, outs, params, new Set(asInputs), paramNames, asInputs);
}

export function compileTraining(g: GraphBuilder, params: ParamValues, o: TrainingOptions): CompiledModel {
  const lossName = o.loss ?? "loss";
  const loss = outputTensor(g, lossName);
  if (loss.rank !== 0) throw new MlError("ML_COMPILE", `loss output "${lossName}" must be a scalar, got ${fmtShape(loss.shape)}`);
  const groups = [...new Set([...g.params.values()].map((p) => p.group))];
  const wanted = o.trainable === "all" ? groups : o.trainable;
  const unknown = wanted.filter((w) => !groups.includes(w));
  if (unknown.length) throw new MlError("ML_COMPILE", `unknown parameter group(s) ${unknown.join(", ")}; the graph has: ${groups.join(", ")}`);
  const trainable: ParamInfo[] = g.paramsIn(wanted);
  if (trainable.length === 0) throw new MlError("ML_COMPILE", `groups ${wanted.join(", ")} hold no parameters: nothing to train`);
  const grads = cachedGradients(g, loss, trainable);
  const outs: (readonly [string, Tensor])[] = [[lossName, loss]];
  for (const [n, t] of g.outputs) if (n !== lossName) outs.push([n, t]);
  trainable.forEach((p, i) => outs.push([`grad/${p.name}`, grads[i]!]));
  const names = trainable.map((p) => p.name);
  return emit(g, outs, params, new Set(names), names, names);
}

/**
 * The backward is appended to the builder once per (loss, trainable set): compiling the same
 * training graph again reuses it, so the builder does not grow and the bytes are identical.
 */
const backwardCache = new WeakMap<GraphBuilder, Map<string, Tensor[]>>();
function cachedGradients(g: GraphBuilder, loss: Tensor, trainable: readonly ParamInfo[]): Tensor[] {
  const key = `${loss.node.id}|${trainable.map((p) => p.name).join(",")}`;
  let perGraph = backwardCache.get(g);
  if (!perGraph) backwardCache.set(g, (perGraph = new Map()));
  let grads = perGraph.get(key);
  if (!grads) perGraph.set(key, (grads = gradients(loss, trainable.map((p) => p.tensor))));
  return grads;
}

function outputTensor(g: GraphBuilder, name: string): Tensor {
  const t = g.outputs.get(name);
  if (!t) throw new MlError("ML_COMPILE", `no output "${name}"; the graph has: ${[...g.outputs.keys()].join(", ") || "(none)"}`);
  return t;
}

function emit(
  g: GraphBuilder,
  outs: readonly (readonly [string, Tensor])[],
  params: ParamValues,
  asInputs: Set<string>,
  paramNames: string[],
  forcedParamInputs: readonly string[],
): CompiledModel {
  const order = topoOrder(outs.map(([, t]) => t.node), g.nodes.length);
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [];
  const batchInputs: OnnxValueInfo[] = [];
  const constNames = new Map<string, string>();
  const c: EmitContext = {
    name: (n) => n.name ?? `v${n.id}`,
    k: (values, dims, dtype) => {
      const key = `${dtype}|${dims.join(",")}|${values.join(",")}`;
      let name = constNames.get(key);
      if (!name) {
        name = `k${constNames.size}`;
        constNames.set(key, name);
        inits.push({ name, dtype, dims, raw: rawBytes(values, dtype) });
      }
      return name;
    },
  };
  const paramInputs: OnnxValueInfo[] = forcedParamInputs.map((n) => ({ name: n, dtype: g.dtype, dims: g.params.get(n)!.shape }));
  const missing: string[] = [];
  for (const n of order) {
    if (n.op === "Input") batchInputs.push({ name: n.name!, dtype: n.dtype as OnnxDType, dims: n.shape });
    else if (n.op === "Param") {
      if (asInputs.has(n.name!)) continue;
      const v = params[n.name!];
      if (!v || v.data.length !== elementCount(n.shape)) {
        missing.push(`${n.name} ${fmtShape(n.shape)}${v ? ` (got ${fmtShape(v.dims)})` : ""}`);
        continue;
      }
      inits.push({ name: n.name!, dtype: g.dtype, dims: n.shape, raw: floatBytes(v.data, g.dtype) });
    } else if (n.op === "Constant") inits.push({ name: c.name(n), dtype: n.dtype as OnnxDType, dims: n.shape, raw: rawBytes(n.values!, n.dtype as OnnxDType) });
    else nodes.push(emitNode(n, c));
  }
  if (missing.length) throw new MlError("ML_PARAM", `missing or mis-sized parameter values: ${missing.join("; ")} (use initParameters(g, seed) or a checkpoint)`);
  for (const [name, t] of outs) nodes.push({ opType: "Identity", inputs: [c.name(t.node)], outputs: [name], name: `out_${name}`, attrs: [] });
  const inputs = [...batchInputs, ...paramInputs];
  const outputs: OnnxValueInfo[] = outs.map(([name, t]) => ({ name, dtype: t.dtype as OnnxDType, dims: t.shape }));
  const onnxBytes = encodeModel({ name: "graph", nodes, initializers: inits, inputs, outputs });
  return {
    onnxBytes,
    inputNames: inputs.map((i) => i.name),
    outputNames: outputs.map((o) => o.name),
    paramNames,
    inputs: inputs.map((i) => ({ name: i.name, dims: i.dims, dtype: i.dtype })),
    outputs: outputs.map((o) => ({ name: o.name, dims: o.dims, dtype: o.dtype })),
  };
}

function floatBytes(data: Float32Array | Float64Array, dtype: "float32" | "float64"): Uint8Array {
  if (dtype === "float32") {
    const f = data instanceof Float32Array ? data : Float32Array.from(data);
    return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
  }
  const d = data instanceof Float64Array ? data : Float64Array.from(data);
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}
