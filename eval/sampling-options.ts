/** The flags eval:generator and eval:rlcf share, checked before any model loads; steps and guidance default to the served ones. */
import { integerOption, numberOption } from "../batch-jobs/cli/options.js";
import { DEFAULT_ETA, GUIDANCE_RANGE, MAX_SAMPLES_PER_REPORT, SAMPLER_DEFAULTS, STEPS_RANGE } from "../shared/sampler/settings.js";

interface SamplingFlags {
  reports?: string;
  samples?: string;
  steps?: string;
  guidance?: string;
  iu?: string;
}

export function samplingOptions(values: SamplingFlags, defaults: { reports: number; iu: number }) {
  return {
    reports: integerOption("reports", values.reports, defaults.reports, { min: 2, max: 100_000 }),
    samples: integerOption("samples", values.samples, 2, { min: 1, max: MAX_SAMPLES_PER_REPORT }),
    iuLimit: integerOption("iu", values.iu, defaults.iu, { min: 0, max: 100_000 }),
    settings: {
      steps: integerOption("steps", values.steps, SAMPLER_DEFAULTS.steps, { min: STEPS_RANGE.min, max: STEPS_RANGE.servedMax }),
      guidance: numberOption("guidance", values.guidance, SAMPLER_DEFAULTS.guidance, GUIDANCE_RANGE),
      eta: DEFAULT_ETA,
    },
  };
}
