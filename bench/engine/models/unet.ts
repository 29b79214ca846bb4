/**
 * Reference conv UNet for the engine benchmark (Ho et al. 2020 style): residual blocks with
 * GroupNorm + SiLU at 64, 32, 16, 8 px (32, 64, 128, 256 channels), stride-2 conv down,
 * nearest-neighbour up, skip concatenation; conditioning = time MLP + pooled text tokens.
 * Same as `UNet` in reference_torch.py.
 */
import { GraphBuilder, nn, op, type Tensor } from "../../../batch-jobs/ml/index.js";
import { IMAGE, TEXT_DIM, TEXT_TOKENS, TIME_DIM } from "./shapes.js";

export interface UnetConfig {
  /** Channels per resolution level, from 64 px down. */
  channels: readonly number[];
  /** Width of the conditioning vector added in each residual block. */
  condDim: number;
  /** GroupNorm groups. */
  groups: number;
}

export const UNET_BENCH: UnetConfig = { channels: [32, 64, 128, 256], condDim: 256, groups: 8 };

export function buildUnet(batch: number, cfg: UnetConfig = UNET_BENCH): GraphBuilder {
  const g = new GraphBuilder({ dtype: "float32" });
  const { channels, condDim: e, groups } = cfg;
  const x = g.input("x", [batch, 1, IMAGE, IMAGE]);
  const tEmb = g.input("t_emb", [batch, TIME_DIM]);
  const text = g.input("text", [batch, TEXT_TOKENS, TEXT_DIM]);
  const target = g.input("target", [batch, 1, IMAGE, IMAGE]);

  const time = nn.linear(g, "t2", op.silu(nn.linear(g, "t1", tEmb, { inFeatures: TIME_DIM, outFeatures: e })), { inFeatures: e, outFeatures: e });
  const c = op.add(time, nn.linear(g, "text", op.mean(text, [1]), { inFeatures: TEXT_DIM, outFeatures: e }));
  const block = (name: string, h: Tensor, ci: number, co: number): Tensor => nn.resBlock(g, name, h, c, { inChannels: ci, outChannels: co, groups, embDim: e });

  let h = nn.conv2d(g, "stem", x, { inChannels: 1, outChannels: channels[0]!, kernel: 3, padding: 1 });
  let prev = channels[0]!;
  const skips: Tensor[] = [];
  channels.forEach((ch, i) => {
    h = block(`down.${i}`, h, prev, ch);
    skips.push(h);
    if (i < channels.length - 1) h = nn.conv2d(g, `downsample.${i}`, h, { inChannels: ch, outChannels: ch, kernel: 3, stride: 2, padding: 1 });
    prev = ch;
  });
  h = block("mid.0", h, prev, prev);
  h = block("mid.1", h, prev, prev);
  [...channels].reverse().forEach((ch, i) => {
    h = block(`up.${i}`, op.concat([h, skips[skips.length - 1 - i]!], 1), prev + ch, ch);
    if (i < channels.length - 1) h = op.upsample(h, 2, "nearest");
    prev = ch;
  });
  const pred = nn.conv2d(g, "out", op.silu(nn.groupNorm(g, "norm_out", h, { groups })), { inChannels: channels[0]!, outChannels: 1, kernel: 3, padding: 1 });
  g.output("loss", op.mse(pred, target));
  g.output("pred", pred);
  return g;
}
