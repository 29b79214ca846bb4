/** Rows of evaluation summaries side by side (generated vs ceiling), and the headline figures. */
import type { EvaluationSummary } from "../../batch-jobs/rewards/evaluate-films.js";
import { interval } from "../../batch-jobs/rewards/evaluation-table.js";

export function comparisonTable(rows: readonly [string, EvaluationSummary][]): string {
  return [
    "| films | images | posture error ↓ | mean AUROC ↑ | CLIP score ↑ | FID ↓ | MS-SSIM (diversity) ↓ |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(([name, s]) => `| ${name} | ${s.images} | ${interval(s.postureError)} | ${interval(s.meanAuroc)} | ${interval(s.clipScore)} | ${interval(s.fid, 2)} | ${s.msSsimDiversity ? interval(s.msSsimDiversity) : "n/a"} |`),
  ].join("\n");
}

/** Generated (first row) against the ceiling (second row), with the targets. */
export function headline(rows: readonly [string, EvaluationSummary][]) {
  const [gen, ceil] = [rows[0]![1], rows[1]![1]];
  return {
    generated: { postureError: gen.postureError.estimate, meanAuroc: gen.meanAuroc.estimate, meanAurocCi: [gen.meanAuroc.lo, gen.meanAuroc.hi], clipScore: gen.clipScore?.estimate ?? null, fid: gen.fid?.estimate ?? null, msSsim: gen.msSsimDiversity?.estimate ?? null, postureSpread: gen.postureSpread },
    ceiling: { postureError: ceil.postureError.estimate, meanAuroc: ceil.meanAuroc.estimate, clipScore: ceil.clipScore?.estimate ?? null, fidFloor: ceil.fid?.estimate ?? null, postureSpread: ceil.postureSpread },
    targets: {
      meanAurocAtLeast080: gen.meanAuroc.estimate >= 0.8,
      meanAurocWithin010OfCeiling: ceil.meanAuroc.estimate - gen.meanAuroc.estimate <= 0.1,
      postureErrorAtMost2xCeiling: gen.postureError.estimate <= 2 * ceil.postureError.estimate,
      fidAtMost3xFloor: gen.fid !== null && ceil.fid !== null ? gen.fid.estimate <= 3 * ceil.fid.estimate : null,
    },
  };
}
