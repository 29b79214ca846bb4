/**
 * The fine-tune's promotion gate: candidate and production sample the same held-out reports
 * (simulator seeds from HELD_OUT_SEED_BASE) with the same seeds at the served settings, the judges
 * (never the rewards optimised against) score both, and the candidate passes only if every judged
 * figure is at least production's and FID is not worse than the tolerance (evaluate-gate.ts).
 */
import type { Gaussian } from "../../shared/metrics/fid.js";
import type { GeneratorModel } from "../generator/index.js";
import { evaluateFilms, type EvaluationSummary } from "../rewards/evaluate-films.js";
import type { JudgeModels } from "../rewards/index.js";
import type { FinetuneConfig } from "../rlcf/config.js";
import { gateChecks, type GateCheck } from "./evaluate-gate.js";
import { benchmarkReports, canonicalReports, sampleFilmSet } from "./evaluate-sources.js";

export interface GateResult {
  benchmark: string;
  checks: GateCheck[];
  passes: boolean;
  candidate: EvaluationSummary;
  baseline: EvaluationSummary;
}

export async function judgeAgainstProduction(o: {
  candidate: GeneratorModel;
  baseline: GeneratorModel;
  judges: JudgeModels;
  reference: Gaussian | null;
  gate: FinetuneConfig["gate"];
  seed: number;
  signal: AbortSignal;
  onProgress: (phase: string, done: number, total: number) => void;
}): Promise<GateResult> {
  const benchmark = `phantom-heldout-${o.gate.reports}`;
  const reports = benchmarkReports(benchmark);
  const canonical = canonicalReports(reports);
  const sampling = { samplesPerReport: o.gate.samplesPerReport, steps: o.gate.steps, guidance: o.gate.guidance, eta: 0 };
  const judged = async (role: "candidate" | "baseline", model: GeneratorModel) => {
    const set = await sampleFilmSet(model, reports, canonical, sampling, o.seed, o.judges.size, { signal: o.signal, onProgress: (d, t) => o.onProgress(role, d, t) });
    const { summary } = await evaluateFilms(set, { judges: o.judges, rewards: null }, { reference: o.reference, resamples: 500, fidResamples: 50, seed: o.seed, maxPairsPerReport: 28 });
    return summary;
  };
  const candidate = await judged("candidate", o.candidate);
  const baseline = await judged("baseline", o.baseline);
  const checks = gateChecks(candidate, baseline, o.gate.fidTolerance);
  return { benchmark, checks, passes: checks.every((c) => c.pass), candidate, baseline };
}
