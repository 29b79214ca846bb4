/**
 * Agreement between the simulator's labels and what the platform's report parser reads back
 * from the simulator's reports: the check that reports and labels say the same thing.
 */
import { parseReport } from "../../../../shared/report/index.js";
import { CHEXPERT_LABELS, type ChexpertLabel, type ChexpertValue } from "../../../../shared/report/types.js";
import { phantomConfig } from "../config.js";
import { simulate } from "../simulate.js";

export interface Disagreement {
  seed: number;
  label: ChexpertLabel;
  truth: ChexpertValue;
  parsed: ChexpertValue;
  report: string;
}

export interface AgreementResult {
  /** Fraction of (sample, label) pairs with identical values (1 / 0 / −1 / null). */
  agreement: number;
  n: number;
  pairs: number;
  perLabel: Record<ChexpertLabel, number>;
  /** The first `maxExamples` disagreements, for the parser's author. */
  disagreements: Disagreement[];
}

/** Simulate `count` films (seeds start..start+count−1, small images: only the text matters). */
export function agreementReport(count: number, start = 0, maxExamples = 20): AgreementResult {
  const config = phantomConfig({ size: 64, supersample: 1 });
  const agree = Object.fromEntries(CHEXPERT_LABELS.map((l) => [l, 0])) as Record<ChexpertLabel, number>;
  const disagreements: Disagreement[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const seed = start + i;
    const sample = simulate(config, seed);
    const parsed = parseReport(sample.report).labels;
    for (const label of CHEXPERT_LABELS) {
      const truth = sample.truth.labels[label];
      if (parsed[label] === truth) {
        agree[label]++;
        total++;
      } else if (disagreements.length < maxExamples) {
        disagreements.push({ seed, label, truth, parsed: parsed[label], report: sample.report });
      }
    }
  }
  const perLabel = Object.fromEntries(CHEXPERT_LABELS.map((l) => [l, Math.round((agree[l] / count) * 1e4) / 1e4])) as Record<ChexpertLabel, number>;
  return { agreement: Math.round((total / (count * CHEXPERT_LABELS.length)) * 1e4) / 1e4, n: count, pairs: count * CHEXPERT_LABELS.length, perLabel, disagreements };
}
