/**
 * The graph IR: immutable nodes with a static shape and dtype, ids in creation order. Because a
 * node can only reference nodes that already exist, id order is a topological order.
 */
import type { GraphBuilder } from "./builder.js";
import type { OpName } from "./op-names.js";

export type FloatDType = "float32" | "float64";
export type DType = FloatDType | "int64" | "bool";
export type AttrValue = number | string | readonly number[];

export interface Node {
  readonly id: number;
  /** ONNX-like op name (see onnx/emit-ops.ts for how each becomes ONNX), or Input/Param/Constant. */
  readonly op: OpName;
  readonly inputs: readonly Node[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Values of a Constant node (row-major), converted to `dtype` at emission. */
  readonly values?: readonly number[];
  /** Graph-level name of Input and Param nodes. */
  readonly name?: string;
}

/** A handle on a node, bound to the builder that owns it. */
export class Tensor {
  constructor(
    readonly g: GraphBuilder,
    readonly node: Node,
  ) {}
  get shape(): readonly number[] {
    return this.node.shape;
  }
  get dtype(): DType {
    return this.node.dtype;
  }
  get rank(): number {
    return this.node.shape.length;
  }
  /** Size of dimension `axis` (negative counts from the end). */
  dim(axis: number): number {
    const d = this.node.shape[axis < 0 ? this.rank + axis : axis];
    if (d === undefined) throw new Error(`axis ${axis} out of range for rank ${this.rank}`);
    return d;
  }
}

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === "float32" || dtype === "float64";
}
