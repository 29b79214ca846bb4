/** The markdown table of an evaluation summary (evaluate job's summary.md, eval:judges). */
import type { Interval } from "../../shared/metrics/bootstrap.js";
import type { EvaluationSummary } from "./evaluate-films.js";

const fmt = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : "n/a");
export const interval = (i: Interval | null, digits = 3) => (i === null ? "n/a" : `${fmt(i.estimate, digits)} [${fmt(i.lo, digits)}, ${fmt(i.hi, digits)}]`);

export function summaryMarkdown(s: EvaluationSummary, title: string): string {
  const rows = [
    `## ${title}`,
    "",
    `${s.images} images, ${s.reports} distinct reports. Intervals: 95 % bootstrap over reports.`,
    "",
    "| figure (judges) | value [95 % CI] |",
    "|---|---|",
    `| posture error (judge ψ vs target, lower is better) | ${interval(s.postureError)} |`,
    ...(s.postureMae ? [`| posture MAE vs true ψ (s_x, s_y, t_x, t_y, θ) | ${Object.values(s.postureMae).map((v) => fmt(v)).join(", ")} |`] : []),
    `| posture spread: SD of judged ψ over the films (s_x, s_y, t_x, t_y, θ) | ${Object.values(s.postureSpread).map((v) => fmt(v)).join(", ")} |`,
    `| mean AUROC over labels | ${interval(s.meanAuroc)} |`,
    `| CLIP score (judge-clip) | ${interval(s.clipScore)} |`,
    `| FID to reference (judge features) | ${interval(s.fid, 2)} |`,
    `| MS-SSIM among samples of a report (lower = more diverse) | ${s.msSsimDiversity ? `${interval(s.msSsimDiversity)} (${s.msSsimDiversity.reportsWithPairs} reports)` : "n/a (one sample per report)"} |`,
    ...(s.rewards
      ? [
          `| reward r_align (reward-posture; optimised against) | ${interval(s.rewards.posture)} |`,
          `| reward r_diag (reward-classifier; optimised against) | ${interval(s.rewards.diagnostic)} |`,
          `| reward r_consist (reward-clip; optimised against) | ${interval(s.rewards.consistency)} |`,
        ]
      : []),
    "",
    "| label | AUROC [95 % CI] | positives | negatives |",
    "|---|---|---|---|",
    ...s.auroc.map((l) => `| ${l.label} | ${interval(l)} | ${l.positives} | ${l.negatives} |`),
    "",
  ];
  return rows.join("\n");
}
