/** What a gradient rule sees and returns, and readers of the untyped node attributes. */
import type { Node, Tensor } from "../graph/tensor.js";

export interface RuleContext {
  /** Upstream gradient, shaped like the op's output. */
  dy: Tensor;
  /** The op's inputs and output (forward intermediates are reused, never recomputed). */
  x: Tensor[];
  y: Tensor;
  attrs: Node["attrs"];
}

export type GradRule = (c: RuleContext) => (Tensor | null)[];

export const ints = (v: unknown): number[] => v as number[];
export const num = (v: unknown): number => v as number;
