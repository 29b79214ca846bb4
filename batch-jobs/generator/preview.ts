/**
 * Pictures of a training run: a grid of films sampled from fixed reports and seeds (the same
 * every time, so grids of successive steps compare), and the loss curve. Grayscale PNGs.
 */
import { canonicalize } from "../../shared/report/index.js";
import { encodeGrayPng } from "../data/images/png-encode.js";
import type { StepRecord } from "../ml/train/trainer.js";

export const PREVIEW_REPORTS = [
  "FINDINGS: Normal heart size. Lungs are clear. No pleural effusion or pneumothorax. IMPRESSION: No acute cardiopulmonary process.",
  "FINDINGS: Large left pleural effusion. IMPRESSION: Large left pleural effusion.",
  "FINDINGS: The heart is markedly enlarged. IMPRESSION: Cardiomegaly.",
  "FINDINGS: Moderate right pneumothorax. IMPRESSION: Right pneumothorax.",
  "FINDINGS: Bilateral pulmonary edema with small bilateral effusions. IMPRESSION: Pulmonary edema.",
  "FINDINGS: Right lower lobe consolidation. IMPRESSION: Right lower lobe pneumonia.",
  "EXAMINATION: Portable AP supine chest. FINDINGS: Endotracheal tube and right internal jugular line in place. Lungs clear.",
  "FINDINGS: A 2 cm nodule in the left upper lobe. IMPRESSION: Left upper lobe lung nodule.",
].map((r) => canonicalize(r));
export const PREVIEW_SEEDS = PREVIEW_REPORTS.map((_, i) => 1000 + i);

/** Films [count, size, size] in [−1, 1] tiled `columns` wide with a 2-pixel black gutter → 8-bit PNG. */
export function filmGridPng(films: Float32Array, count: number, size: number, columns: number): Buffer {
  const rows = Math.ceil(count / columns);
  const gap = 2;
  const w = columns * (size + gap) - gap;
  const h = rows * (size + gap) - gap;
  const out = new Uint8Array(w * h);
  for (let k = 0; k < count; k++) {
    const [ox, oy] = [(k % columns) * (size + gap), Math.floor(k / columns) * (size + gap)];
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
      const v = films[k * size * size + y * size + x]!;
      out[(oy + y) * w + ox + x] = Math.round((Math.min(1, Math.max(-1, v)) + 1) * 127.5);
    }
  }
  return encodeGrayPng(w, h, out, 8);
}

/** Log-scale loss curve (one-pixel line, smoothed over a window of 1% of the steps). */
export function lossCurvePng(history: readonly StepRecord[], width = 480, height = 200): Buffer {
  const out = new Uint8Array(width * height).fill(255);
  if (history.length > 1) {
    const win = Math.max(1, Math.round(history.length / 100));
    const smooth = history.map((_, i) => {
      const part = history.slice(Math.max(0, i - win + 1), i + 1);
      return Math.log10(part.reduce((s, r) => s + r.loss, 0) / part.length);
    });
    const [lo, hi] = [Math.min(...smooth), Math.max(...smooth)];
    const first = history[0]!.step;
    const span = Math.max(1, history[history.length - 1]!.step - first);
    history.forEach((r, i) => {
      const x = Math.round(((r.step - first) / span) * (width - 1));
      const y = Math.round((1 - (smooth[i]! - lo) / Math.max(1e-9, hi - lo)) * (height - 1));
      out[y * width + x] = 0;
    });
  }
  return encodeGrayPng(width, height, out, 8);
}
