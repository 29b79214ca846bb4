/**
 * The image trunks shared by every reward model and judge: a film [B, 1, S, S] in, a feature
 * vector [B, F] out (the penultimate layer: FID features come from a judge's trunk).
 *
 * Two architectures, so a judge never shares the inductive biases of the reward it checks:
 * - "strided": four 3×3 stride-2 convs (16-32-64-64 channels), flatten, linear → 128. Rewards.
 * - "pooled":  a 5×5 stride-2 conv (12), a 3×3 conv (24) with 2×2 average pooling, two 3×3
 *              stride-2 convs (48, 64), flatten, linear → 160. Judges.
 * Both keep the spatial layout up to the flatten (a global pool would make t_x, t_y invisible).
 * Cost at 64×64, batch 1: strided ≈ 3.2 M MACs, pooled ≈ 4.6 M MACs forward.
 */
import { nn, op, type GraphBuilder, type Tensor } from "../ml/index.js";

export const ARCHITECTURES = ["strided", "pooled"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export const FEATURE_DIM: Record<Architecture, number> = { strided: 128, pooled: 160 };

/** 2×2 average pooling through reshape + mean (no pooling primitive needed). */
function avgPool2(x: Tensor): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  return op.mean(op.reshape(x, [n, c, h / 2, 2, w / 2, 2]), [3, 5]);
}

export function filmTrunk(g: GraphBuilder, x: Tensor, arch: Architecture, prefix = "trunk"): Tensor {
  const [batch, , size] = x.shape as [number, number, number, number];
  if (size % 16 !== 0) throw new Error(`film size ${size} must be a multiple of 16 for the ${arch} trunk`);
  const conv = (name: string, h: Tensor, inChannels: number, outChannels: number, kernel: number, stride: number) =>
    op.relu(nn.conv2d(g, `${prefix}.${name}`, h, { inChannels, outChannels, kernel, stride, padding: (kernel - 1) / 2 }));
  let h: Tensor;
  let channels: number;
  if (arch === "strided") {
    h = conv("c1", x, 1, 16, 3, 2);
    h = conv("c2", h, 16, 32, 3, 2);
    h = conv("c3", h, 32, 64, 3, 2);
    h = conv("c4", h, 64, 64, 3, 2);
    channels = 64;
  } else {
    h = conv("c1", x, 1, 12, 5, 2);
    h = avgPool2(conv("c2", h, 12, 24, 3, 1));
    h = conv("c3", h, 24, 48, 3, 2);
    h = conv("c4", h, 48, 64, 3, 2);
    channels = 64;
  }
  const flat = channels * (size / 16) * (size / 16);
  const features = FEATURE_DIM[arch];
  return op.relu(nn.linear(g, `${prefix}.fc`, op.reshape(h, [batch, flat]), { inFeatures: flat, outFeatures: features }));
}
