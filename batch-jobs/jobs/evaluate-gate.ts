/**
 * The promotion gate (docs/ARCHITECTURE: every judged metric ≥ production, FID ≤ +5 %): compares
 * a candidate's judged summary with the baseline's on the same reports and seeds.
 */
import type { EvaluationSummary } from "../rewards/evaluate-films.js";

export interface GateCheck {
  figure: string;
  candidate: number | null;
  baseline: number | null;
  pass: boolean;
  rule: string;
}

/** Allowed relative FID increase of a candidate over the baseline. */
export const FID_TOLERANCE = 0.05;

export function gateChecks(candidate: EvaluationSummary, baseline: EvaluationSummary, fidTolerance = FID_TOLERANCE): GateCheck[] {
  const geq = (figure: string, c: number | null | undefined, b: number | null | undefined): GateCheck => ({ figure, candidate: c ?? null, baseline: b ?? null, pass: c == null || b == null || !(c < b), rule: "candidate ≥ baseline" });
  const leq = (figure: string, c: number | null | undefined, b: number | null | undefined, tolerance = 0): GateCheck => ({ figure, candidate: c ?? null, baseline: b ?? null, pass: c == null || b == null || !(c > b * (1 + tolerance)), rule: tolerance ? `candidate ≤ baseline · ${1 + tolerance}` : "candidate ≤ baseline" });
  return [
    leq("posture error", candidate.postureError.estimate, baseline.postureError.estimate),
    geq("mean AUROC", candidate.meanAuroc.estimate, baseline.meanAuroc.estimate),
    geq("CLIP score (judge-clip)", candidate.clipScore?.estimate, baseline.clipScore?.estimate),
    leq("FID", candidate.fid?.estimate, baseline.fid?.estimate, fidTolerance),
  ];
}

export function gateMarkdown(checks: GateCheck[], names: { candidate: string; baseline: string }): string {
  const f = (v: number | null) => (v === null || !Number.isFinite(v) ? "n/a" : v.toFixed(3));
  return [
    `## Gate: ${names.candidate} vs ${names.baseline}`,
    "",
    "| figure | candidate | baseline | rule | pass |",
    "|---|---|---|---|---|",
    ...checks.map((c) => `| ${c.figure} | ${f(c.candidate)} | ${f(c.baseline)} | ${c.rule} | ${c.pass ? "yes" : "**no**"} |`),
    "",
    `**${checks.every((c) => c.pass) ? "passes" : "fails"}**`,
    "",
  ].join("\n");
}
