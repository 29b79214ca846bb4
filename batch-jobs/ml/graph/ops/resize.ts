/** Spatial upsampling of NCHW tensors by an integer factor (ONNX Resize; float32 only in ORT CPU). */
import { MlError, fmtShape } from "../errors.js";
import { Tensor } from "../tensor.js";
import { requireRank } from "./util.js";

export type UpsampleMode = "nearest" | "bilinear";

/** x [N, C, H, W] → [N, C, H·f, W·f]. Bilinear uses half-pixel centres (PyTorch align_corners=False). */
export function upsample(x: Tensor, factor: number, mode: UpsampleMode = "nearest"): Tensor {
  requireRank("Resize", x, 4);
  if (!Number.isInteger(factor) || factor < 1) throw new MlError("ML_SHAPE", `Resize: factor must be a positive integer, got ${factor}`);
  if (factor === 1) return x;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  return x.g.node("Resize", [x], [n, c, h * factor, w * factor], x.dtype, { factor, mode });
}

/**
 * The matrix A (out × in) with y = A·x along one axis for Resize as emitted (onnx/emit-ops.ts):
 * nearest = asymmetric + floor; bilinear = half_pixel, source coordinate clamped to [0, in-1].
 * Used by the Resize gradient (dx = Aᴴᵀ·dy·Aᵂ).
 */
export function resizeMatrix(inSize: number, factor: number, mode: UpsampleMode): number[] {
  const outSize = inSize * factor;
  const m = new Array<number>(outSize * inSize).fill(0);
  for (let o = 0; o < outSize; o++) {
    if (mode === "nearest") {
      m[o * inSize + Math.floor(o / factor)] = 1;
      continue;
    }
    const src = Math.min(Math.max((o + 0.5) / factor - 0.5, 0), inSize - 1);
    const i0 = Math.floor(src);
    const i1 = Math.min(i0 + 1, inSize - 1);
    const t = src - i0;
    m[o * inSize + i0]! += 1 - t;
    m[o * inSize + i1]! += t;
  }
  return m;
}

