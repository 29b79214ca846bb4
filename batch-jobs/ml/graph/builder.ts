/**
 * GraphBuilder: records a static-shape tensor program (inputs, named parameters in named groups,
 * constants, ops, named outputs). One builder = one compiled graph = one fixed batch size.
 */
import { elementCount } from "../host-tensor.js";
import { MlError, fmtShape } from "./errors.js";
import type { Init } from "./init.js";
import type { OpName } from "./op-names.js";
import { Tensor, type AttrValue, type DType, type FloatDType, type Node } from "./tensor.js";

export interface ParamInfo {
  readonly name: string;
  /** Freezing is per group: compileTraining({ trainable: ["lora"] }) trains only this group. */
  readonly group: string;
  readonly shape: readonly number[];
  readonly init: Init;
  readonly tensor: Tensor;
}

/** A LoRA adapter registered by nn.linear, so mergeLora can fold it into the base weight. */
export interface LoraPair {
  readonly base: string;
  readonly a: string;
  readonly b: string;
  readonly scale: number;
}

export interface GraphOptions {
  /** Float type of every float tensor and parameter: float32 to train/serve, float64 for gradient checks. */
  dtype?: FloatDType;
  /** Train mode (dropout active). Set false before building an inference graph. */
  training?: boolean;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.\-/:]*$/;

export class GraphBuilder {
  readonly dtype: FloatDType;
  training: boolean;
  /** Every node, index = id (creation order = a topological order). */
  readonly nodes: Node[] = [];
  readonly inputs = new Map<string, Tensor>();
  readonly params = new Map<string, ParamInfo>();
  readonly outputs = new Map<string, Tensor>();
  readonly loraPairs: LoraPair[] = [];
  private readonly scalarCache = new Map<string, Tensor>();

  constructor(options: GraphOptions = {}) {
    this.dtype = options.dtype ?? "float32";
    this.training = options.training ?? true;
  }

  /** Low level: appends a node. Ops call this after checking shapes. */
  node(
    op: OpName,
    inputs: readonly Tensor[],
    shape: readonly number[],
    dtype: DType,
    attrs: Record<string, AttrValue> = {},
    extra: { values?: readonly number[]; name?: string } = {},
  ): Tensor {
    for (const t of inputs) {
      if (t.g !== this) throw new MlError("ML_GRAPH", `${op}: an input tensor belongs to another GraphBuilder`);
    }
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new MlError("ML_SHAPE", `${op}: invalid output shape ${fmtShape(shape)}`);
    }
    const node: Node = { id: this.nodes.length, op, inputs: inputs.map((t) => t.node), attrs, shape: [...shape], dtype, ...extra };
    this.nodes.push(node);
    return new Tensor(this, node);
  }

  /** A graph input (the batch). Float inputs default to the graph dtype. */
  input(name: string, shape: readonly number[], dtype: DType = this.dtype): Tensor {
    this.checkName(name, "input");
    if (this.inputs.has(name) || this.params.has(name)) throw new MlError("ML_GRAPH", `input "${name}" is already defined`);
    const t = this.node("Input", [], shape, dtype, {}, { name });
    this.inputs.set(name, t);
    return t;
  }

  /**
   * A named trainable tensor. Get-or-create: asking again with the same name returns the same
   * tensor (weight sharing), provided shape and group agree.
   */
  param(name: string, shape: readonly number[], options: { group?: string; init: Init }): Tensor {
    const group = options.group ?? "base";
    const existing = this.params.get(name);
    if (existing) {
      if (existing.group !== group || fmtShape(existing.shape) !== fmtShape(shape)) {
        throw new MlError(
          "ML_PARAM",
          `parameter "${name}" exists as ${fmtShape(existing.shape)} in group "${existing.group}", asked again as ${fmtShape(shape)} in "${group}"; use another name`,
        );
      }
      return existing.tensor;
    }
    this.checkName(name, "parameter");
    if (this.inputs.has(name)) throw new MlError("ML_GRAPH", `"${name}" is already an input`);
    const tensor = this.node("Param", [], shape, this.dtype, {}, { name });
    this.params.set(name, { name, group, shape: [...shape], init: options.init, tensor });
    return tensor;
  }

  /** A constant tensor (row-major values). */
  constant(values: readonly number[], shape: readonly number[], dtype: DType = this.dtype): Tensor {
    if (values.length !== elementCount(shape)) {
      throw new MlError("ML_SHAPE", `constant: ${values.length} values do not fill shape ${fmtShape(shape)}`);
    }
    return this.node("Constant", [], shape, dtype, {}, { values: [...values] });
  }

  /** A rank-0 constant, shared per (value, dtype). */
  scalar(value: number, dtype: DType = this.dtype): Tensor {
    const key = `${dtype}:${value}`;
    let t = this.scalarCache.get(key);
    if (!t) {
      t = this.constant([value], [], dtype);
      this.scalarCache.set(key, t);
    }
    return t;
  }

  /** Declares a graph output. The training loss is one of them (see compileTraining). */
  output(name: string, t: Tensor): void {
    this.checkName(name, "output");
    if (t.g !== this) throw new MlError("ML_GRAPH", `output "${name}": tensor belongs to another GraphBuilder`);
    if (this.outputs.has(name)) throw new MlError("ML_GRAPH", `output "${name}" is already defined`);
    if (name.startsWith("grad/")) throw new MlError("ML_GRAPH", `output "${name}": the "grad/" prefix is reserved for gradients`);
    this.outputs.set(name, t);
  }

  /** Parameters of the given groups, in creation order. */
  paramsIn(groups: readonly string[]): ParamInfo[] {
    return [...this.params.values()].filter((p) => groups.includes(p.group));
  }

  private checkName(name: string, what: string): void {
    if (!NAME_RE.test(name)) {
      throw new MlError("ML_GRAPH", `${what} name "${name}" is invalid: use letters, digits and _ . - / : (starting with a letter or _)`);
    }
  }
}
