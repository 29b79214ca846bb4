/**
 * Conv residual block of a diffusion UNet (Ho et al. 2020, appendix B; ADM ResBlock):
 * h = Conv(SiLU(GN(x))) + Linear(SiLU(temb)); h = Conv(SiLU(GN(h))); out = skip(x) + h,
 * skip a 1×1 conv when channels change. The last conv is zero-initialised (block starts as skip).
 */
import type { GraphBuilder } from "../graph/builder.js";
import { silu } from "../graph/ops/activations.js";
import { add } from "../graph/ops/elementwise.js";
import { reshape } from "../graph/ops/shape.js";
import type { Tensor } from "../graph/tensor.js";
import { conv2d } from "./conv.js";
import { linear } from "./linear.js";
import { groupNorm } from "./norm.js";

export interface ResBlockOptions {
  inChannels: number;
  outChannels: number;
  /** Groups of the GroupNorms (must divide both channel counts). */
  groups: number;
  /** Width of the time embedding `temb` [B, E] added between the convs (omit for none). */
  embDim?: number;
}

export function resBlock(g: GraphBuilder, name: string, x: Tensor, temb: Tensor | undefined, o: ResBlockOptions): Tensor {
  const [ci, co] = [o.inChannels, o.outChannels];
  let h = conv2d(g, `${name}.conv1`, silu(groupNorm(g, `${name}.norm1`, x, { groups: o.groups })), { inChannels: ci, outChannels: co, kernel: 3, padding: 1 });
  if (temb && o.embDim) {
    const e = linear(g, `${name}.emb`, silu(temb), { inFeatures: o.embDim, outFeatures: co });
    h = add(h, reshape(e, [x.dim(0), co, 1, 1]));
  }
  h = conv2d(g, `${name}.conv2`, silu(groupNorm(g, `${name}.norm2`, h, { groups: o.groups })), { inChannels: co, outChannels: co, kernel: 3, padding: 1, zeroInit: true });
  const skip = ci === co ? x : conv2d(g, `${name}.skip`, x, { inChannels: ci, outChannels: co, kernel: 1 });
  return add(skip, h);
}
