/** Test helper: small deterministic dataset items without the simulator. */
import { CHEXPERT_LABELS, type ChexpertLabel, type ChexpertValue, type Projection } from "../../../../shared/report/types.js";
import { createRng } from "../../../../shared/random.js";
import type { DatasetItem } from "../../../../batch-jobs/data/dataset/dataset-item.js";

const VIEWS: Projection[] = ["PA", "AP", "lateral"];
const VALUES: ChexpertValue[] = [1, 0, -1, null];

export function makeItem(ordinal: number, size = 16, seed = 1000 + ordinal): DatasetItem {
  const rng = createRng(seed);
  const labels = Object.fromEntries(CHEXPERT_LABELS.map((l) => [l, rng.pick(VALUES)])) as Record<ChexpertLabel, ChexpertValue>;
  return {
    id: `img-${String(ordinal).padStart(5, "0")}`,
    ordinal,
    width: size,
    height: size,
    pixels: Uint16Array.from({ length: size * size }, () => rng.int(65536)),
    report: `FINDINGS: synthetic report ${ordinal}, with "quotes", commas\nand a second line.`,
    labels,
    laterality: labels["Pleural Effusion"] === 1 ? { "Pleural Effusion": "left" } : {},
    severity: {},
    view: VIEWS[ordinal % 3]!,
    position: ordinal % 3 === 1 ? "supine" : "erect",
    portable: ordinal % 3 === 1,
    posture: { sx: 1, sy: 1, tx: 0, ty: 0, theta: rng.uniform(-0.1, 0.1) },
    seed,
    generator: { kind: "phantom", version: "test-1" },
    quality: ordinal % 2 === 0 ? { posture: -0.25 } : null,
  };
}
