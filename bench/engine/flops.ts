/**
 * Analytic FLOP count of a graph's forward pass: 2·M·N·K per matrix product and 2·(outputs)·
 * (inputs per output) per convolution; elementwise ops, norms and softmax are not counted (the
 * usual convention, so GFLOP/s compare with PyTorch on the same models). A training step is
 * counted as 3× forward (backward ≈ 2× forward: gradients w.r.t. inputs and weights).
 */
import type { GraphBuilder } from "../../batch-jobs/ml/index.js";

const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

export function forwardFlops(g: GraphBuilder): number {
  let flops = 0;
  for (const node of g.nodes) {
    const [a, w] = node.inputs;
    switch (node.op) {
      case "MatMul":
        flops += 2 * prod(node.shape) * a!.shape[a!.shape.length - 1]!;
        break;
      case "Gemm":
        flops += 2 * prod(node.shape) * (node.attrs.transA === 1 ? a!.shape[0]! : a!.shape[1]!);
        break;
      case "Conv": // w [O, C/groups, kH, kW]
        flops += 2 * prod(node.shape) * prod(w!.shape.slice(1));
        break;
      case "ConvTranspose": // w [C, O/groups, kH, kW]: every input pixel scatters into O/groups·kH·kW outputs
        flops += 2 * prod(a!.shape) * prod(w!.shape.slice(1));
        break;
    }
  }
  return flops;
}

export const trainingFlops = (g: GraphBuilder): number => 3 * forwardFlops(g);
