/** 2-D convolution and its transpose, NCHW (ONNX Conv / ConvTranspose; float32 only in ORT CPU). */
import { MlError, fmtShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { requireRank } from "./util.js";

export interface ConvOptions {
  /** Same stride on both spatial axes (default 1). */
  stride?: number;
  /** Symmetric zero padding on both spatial axes (default 0). */
  padding?: number;
  /** Kernel dilation (default 1). */
  dilation?: number;
  /** Channel groups: C and O must both divide by it (default 1; C for depthwise). */
  groups?: number;
}

export interface ConvTransposeOptions extends ConvOptions {
  /** Extra rows/cols added at the end of the output, to pick among the sizes a stride allows. */
  outputPadding?: number;
}

function spatialOut(inSize: number, k: number, s: number, p: number, d: number): number {
  return Math.floor((inSize + 2 * p - d * (k - 1) - 1) / s) + 1;
}

/** x [N, C, H, W] ⊛ w [O, C/groups, kH, kW] → [N, O, H', W'] (no bias: add it separately). */
export function conv2d(x: Tensor, w: Tensor, o: ConvOptions = {}): Tensor {
  const [s, p, d, g] = [o.stride ?? 1, o.padding ?? 0, o.dilation ?? 1, o.groups ?? 1];
  requireRank("Conv", x, 4);
  requireRank("Conv", w, 4, "weight");
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [out, cg, kh, kw] = w.shape as [number, number, number, number];
  if (c % g !== 0 || out % g !== 0 || cg !== c / g || x.dtype !== w.dtype) {
    throw new MlError("ML_SHAPE", `Conv: input ${fmtShape(x.shape)} and weight ${fmtShape(w.shape)} do not fit with groups=${g} (weight must be [O, C/groups, kH, kW])`);
  }
  const ho = spatialOut(h, kh, s, p, d);
  const wo = spatialOut(wd, kw, s, p, d);
  if (ho < 1 || wo < 1) throw new MlError("ML_SHAPE", `Conv: kernel ${kh}x${kw} larger than padded input ${fmtShape(x.shape)}`);
  return x.g.node("Conv", [x, w], [n, out, ho, wo], x.dtype, {
    kernel_shape: [kh, kw], strides: [s, s], pads: [p, p, p, p], dilations: [d, d], group: g,
  });
}

/** x [N, C, H, W] with w [C, O/groups, kH, kW] → [N, O, (H-1)s - 2p + d(k-1) + outputPadding + 1, ...]. */
export function convTranspose2d(x: Tensor, w: Tensor, o: ConvTransposeOptions = {}): Tensor {
  const [s, p, d, g, op] = [o.stride ?? 1, o.padding ?? 0, o.dilation ?? 1, o.groups ?? 1, o.outputPadding ?? 0];
  requireRank("ConvTranspose", x, 4);
  requireRank("ConvTranspose", w, 4, "weight");
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [cw, og, kh, kw] = w.shape as [number, number, number, number];
  if (cw !== c || c % g !== 0 || x.dtype !== w.dtype || op >= Math.max(s, d)) {
    throw new MlError("ML_SHAPE", `ConvTranspose: input ${fmtShape(x.shape)} and weight ${fmtShape(w.shape)} do not fit with groups=${g}, outputPadding=${op} (weight must be [C, O/groups, kH, kW]; outputPadding < stride)`);
  }
  const ho = (h - 1) * s - 2 * p + d * (kh - 1) + op + 1;
  const wo = (wd - 1) * s - 2 * p + d * (kw - 1) + op + 1;
  if (ho < 1 || wo < 1) throw new MlError("ML_SHAPE", `ConvTranspose: padding ${p} leaves an empty output for ${fmtShape(x.shape)}`);
  return x.g.node("ConvTranspose", [x, w], [n, og * g, ho, wo], x.dtype, {
    kernel_shape: [kh, kw], strides: [s, s], pads: [p, p, p, p], dilations: [d, d], group: g, output_padding: [op, op],
  });
}
