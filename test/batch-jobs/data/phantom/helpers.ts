/** Test helpers: configs that force one finding, and region statistics in film coordinates. */
import { PHANTOM_FINDINGS, phantomConfig, type PhantomConfig, type PhantomConfigInput, type PhantomFinding } from "../../../../batch-jobs/data/phantom/index.js";

/** Identity posture, no patient rotation, fixed inspiration, almost noiseless, PA only. */
export function controlledConfig(size = 128, extra: PhantomConfigInput = {}): PhantomConfig {
  return phantomConfig({
    size,
    views: { PA: 1, AP: 0 },
    posture: { sx: [1, 1], sy: [1, 1], tx: [0, 0], ty: [0, 0], theta: [0, 0] },
    acquisition: { inspirationRibs: [10, 10], patientRotation: [0, 0], photonsPerPixel: 1e6, exposure: [1, 1], contrast: [1, 1] },
    ...extra,
  });
}

/** The controlled config with exactly `finding` present (or none), certain, no co-occurrence. */
export function withFinding(finding: PhantomFinding | null, size = 128): PhantomConfig {
  const prevalence = Object.fromEntries(PHANTOM_FINDINGS.map((f) => [f, f === finding ? 1 : 0])) as Record<PhantomFinding, number>;
  return controlledConfig(size, {
    findings: { normalRate: finding === null ? 1 : 0, prevalence, cooccurrence: [], uncertainRate: 0 },
  });
}

/** Mean pixel value (0..1) over a box given in centred film coordinates (u right, v down, ±0.5). */
export function regionMean(pixels: Uint16Array, size: number, u0: number, u1: number, v0: number, v1: number): number {
  const [a, b] = [Math.min(u0, u1), Math.max(u0, u1)];
  let sum = 0, n = 0;
  for (let y = Math.floor((v0 + 0.5) * size); y < Math.ceil((v1 + 0.5) * size); y++) {
    for (let x = Math.floor((a + 0.5) * size); x < Math.ceil((b + 0.5) * size); x++) {
      sum += pixels[y * size + x]!;
      n++;
    }
  }
  return sum / n / 65535;
}

/** Mean absolute difference of horizontally adjacent pixels in a box: fine texture (vessels). */
export function regionTexture(pixels: Uint16Array, size: number, u0: number, u1: number, v0: number, v1: number): number {
  const [a, b] = [Math.min(u0, u1), Math.max(u0, u1)];
  let sum = 0, n = 0;
  for (let y = Math.floor((v0 + 0.5) * size); y < Math.ceil((v1 + 0.5) * size); y++) {
    for (let x = Math.floor((a + 0.5) * size); x < Math.ceil((b + 0.5) * size) - 1; x++) {
      sum += Math.abs(pixels[y * size + x + 1]! - pixels[y * size + x]!);
      n++;
    }
  }
  return sum / n / 65535;
}

/** +1 for the patient's left (display right), −1 for the right. */
export const sideSign = (laterality: string | undefined): number => (laterality === "left" ? 1 : -1);
