/**
 * Tensors that live in JS memory: what optimisers, checkpoints and the training loop exchange
 * with the ONNX runtime. Parameters and gradients are keyed by their graph names.
 */
export type HostData = Float32Array | Float64Array | Int32Array | BigInt64Array;

export interface HostTensor<D extends HostData = HostData> {
  dims: readonly number[];
  data: D;
}

export type NamedTensors<D extends HostData = HostData> = Record<string, HostTensor<D>>;

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((n, d) => n * d, 1);
}
