/** Conv2d and ConvTranspose2d layers (NCHW) with PyTorch-style fan-in init and per-channel bias. */
import type { GraphBuilder } from "../graph/builder.js";
import { MlError, fmtShape } from "../graph/errors.js";
import { fanInUniform } from "../graph/init.js";
import { conv2d as convOp, convTranspose2d as convTOp } from "../graph/ops/conv.js";
import { add } from "../graph/ops/elementwise.js";
import { reshape } from "../graph/ops/shape.js";
import type { Tensor } from "../graph/tensor.js";

export interface Conv2dOptions {
  inChannels: number;
  outChannels: number;
  /** Square kernel size. */
  kernel: number;
  stride?: number;
  padding?: number;
  dilation?: number;
  groups?: number;
  /** Add a per-channel bias (default true). */
  bias?: boolean;
  group?: string;
  /** Zero-init the weight (e.g. the last conv of a residual branch). */
  zeroInit?: boolean;
}

export function conv2d(g: GraphBuilder, name: string, x: Tensor, o: Conv2dOptions): Tensor {
  const groups = o.groups ?? 1;
  checkChannels(name, x, o.inChannels);
  const fanIn = (o.inChannels / groups) * o.kernel * o.kernel;
  const w = g.param(`${name}.weight`, [o.outChannels, o.inChannels / groups, o.kernel, o.kernel], { group: o.group, init: o.zeroInit ? { kind: "zeros" } : fanInUniform(fanIn) });
  const y = convOp(x, w, { stride: o.stride, padding: o.padding, dilation: o.dilation, groups });
  return withBias(g, name, y, o, fanIn);
}

export interface ConvTranspose2dOptions extends Conv2dOptions {
  outputPadding?: number;
}

export function convTranspose2d(g: GraphBuilder, name: string, x: Tensor, o: ConvTranspose2dOptions): Tensor {
  const groups = o.groups ?? 1;
  checkChannels(name, x, o.inChannels);
  const fanIn = (o.outChannels / groups) * o.kernel * o.kernel;
  const w = g.param(`${name}.weight`, [o.inChannels, o.outChannels / groups, o.kernel, o.kernel], { group: o.group, init: o.zeroInit ? { kind: "zeros" } : fanInUniform(fanIn) });
  const y = convTOp(x, w, { stride: o.stride, padding: o.padding, dilation: o.dilation, groups, outputPadding: o.outputPadding });
  return withBias(g, name, y, o, fanIn);
}

function checkChannels(name: string, x: Tensor, c: number): void {
  if (x.rank !== 4 || x.dim(1) !== c) throw new MlError("ML_SHAPE", `conv "${name}": input ${fmtShape(x.shape)} must be [N, ${c}, H, W]`);
}

function withBias(g: GraphBuilder, name: string, y: Tensor, o: Conv2dOptions, fanIn: number): Tensor {
  if (!(o.bias ?? true)) return y;
  const b = g.param(`${name}.bias`, [o.outChannels], { group: o.group, init: o.zeroInit ? { kind: "zeros" } : fanInUniform(fanIn) });
  return add(y, reshape(b, [1, o.outChannels, 1, 1]));
}
