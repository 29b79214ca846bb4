/**
 * Configuration of the phantom simulator: what it draws, how often, and how it is acquired.
 * Built with `phantomConfig(overrides)`: every field has a default, overrides are deep-partial,
 * and zod validates the result so a typo or an impossible range fails before any rendering.
 */
import { ClassifiedError } from "../../../shared/jobs/classified-error.js";
import { z } from "zod";
import { CHEXPERT_LABELS, type ChexpertLabel } from "../../../shared/report/types.js";
import { phantomSizeSchema } from "../../../shared/sampler/sizes.js";
import { formatIssues } from "../../../shared/validation/format-issues.js";

/** The 13 CheXpert observations the simulator can draw ("No Finding" is derived, never drawn). */
export const PHANTOM_FINDINGS = CHEXPERT_LABELS.filter((l) => l !== "No Finding") as Exclude<ChexpertLabel, "No Finding">[];
export type PhantomFinding = Exclude<ChexpertLabel, "No Finding">;

/** A closed interval [lo, hi]; values are sampled uniformly inside it. */
const range = (lo: number, hi: number, min: number, max: number, what: string) =>
  z
    .tuple([z.number().min(min).max(max), z.number().min(min).max(max)])
    .refine(([a, b]) => a <= b, { message: `the range [lo, hi] of ${what} needs lo <= hi` })
    .default([lo, hi]);

const weight = (d: number) => z.number().min(0).max(1000).default(d);
const probability = (d: number) => z.number().min(0).max(1).default(d);

/**
 * Base prevalence of each finding in an abnormal study, before co-occurrence rules. Defaults are
 * loosely after CheXpert / MIMIC-CXR label frequencies (Irvin et al. 2019, Table 1), rescaled so an
 * abnormal film carries ~1.5–2 findings.
 */
const prevalenceSchema = z
  .object({
    "Enlarged Cardiomediastinum": probability(0.08),
    Cardiomegaly: probability(0.22),
    "Lung Opacity": probability(0.18),
    "Lung Lesion": probability(0.08),
    Edema: probability(0.14),
    Consolidation: probability(0.1),
    Pneumonia: probability(0.1),
    Atelectasis: probability(0.16),
    Pneumothorax: probability(0.1),
    "Pleural Effusion": probability(0.22),
    "Pleural Other": probability(0.05),
    Fracture: probability(0.06),
    "Support Devices": probability(0.3),
  })
  .strict()
  .prefault({});

/** "If `given` is present, also add `then` with this probability" — applied in list order, once. */
const cooccurrenceSchema = z
  .array(
    z
      .object({
        given: z.enum(PHANTOM_FINDINGS as [PhantomFinding, ...PhantomFinding[]]),
        then: z.enum(PHANTOM_FINDINGS as [PhantomFinding, ...PhantomFinding[]]),
        probability: z.number().min(0).max(1),
      })
      .strict(),
  )
  .default([
    // Congestive heart failure: edema with effusions and a big heart.
    { given: "Edema", then: "Pleural Effusion", probability: 0.55 },
    { given: "Edema", then: "Cardiomegaly", probability: 0.5 },
    { given: "Cardiomegaly", then: "Pleural Effusion", probability: 0.25 },
    // Pneumonia is seen as a consolidation most of the time.
    { given: "Pneumonia", then: "Consolidation", probability: 0.6 },
    // Effusions compress the adjacent lung.
    { given: "Pleural Effusion", then: "Atelectasis", probability: 0.3 },
    // Sick patients with edema or pneumothorax often carry lines and tubes.
    { given: "Edema", then: "Support Devices", probability: 0.35 },
    { given: "Pneumothorax", then: "Support Devices", probability: 0.3 },
  ]);

export const phantomConfigSchema = z
  .object({
    /** Output width = height in pixels (shared/sampler PHANTOM_SIZE_RANGE). Cost grows with size². */
    size: phantomSizeSchema,
    /**
     * Supersampling factor of the canonical render (anti-aliasing); 2 costs ~4× the raster work.
     * "auto" = 2 up to 128 px (small films need it), 1 above (pixels are already fine).
     */
    supersample: z.union([z.literal("auto"), z.number().int().min(1).max(3)]).default("auto"),
    /** Relative frequency of each projection. Lateral is not implemented yet and must stay 0. */
    views: z
      .object({ PA: weight(0.6), AP: weight(0.4), lateral: weight(0) })
      .strict()
      .refine((v) => v.PA + v.AP > 0, { message: "views: at least one of PA / AP needs a weight > 0" })
      .refine((v) => v.lateral === 0, { message: "lateral films are not implemented by the simulator yet; set views.lateral to 0", path: ["lateral"] })
      .prefault({}),
    /** Patient position on AP films (PA films are always erect). Relative weights. */
    apPosition: z.object({ erect: weight(0.3), semiErect: weight(0.3), supine: weight(0.4) }).strict().prefault({}),
    /** Probability that an AP film is a portable (bedside) study. */
    apPortable: probability(0.8),
    /** Ranges of ψ = (s_x, s_y, t_x, t_y, θ); t in fractions of the width, θ in radians. */
    posture: z
      .object({
        sx: range(0.92, 1.08, 0.6, 1.4, "posture.sx"),
        sy: range(0.92, 1.08, 0.6, 1.4, "posture.sy"),
        tx: range(-0.05, 0.05, -0.25, 0.25, "posture.tx"),
        ty: range(-0.05, 0.05, -0.25, 0.25, "posture.ty"),
        theta: range(-0.08, 0.08, -0.5, 0.5, "posture.theta"),
      })
      .strict()
      .prefault({}),
    acquisition: z
      .object({
        /** Relative exposure (photon count multiplier); low exposure = noisier, lighter film. */
        exposure: range(0.7, 1.3, 0.05, 10, "acquisition.exposure"),
        /** Detected photons per output pixel at exposure 1 through open air; sets quantum noise. */
        photonsPerPixel: z.number().min(10).max(1e7).default(20000),
        /** Detector blur σ as a fraction of the film width (scintillator + sampling). */
        blur: range(0.0015, 0.003, 0, 0.02, "acquisition.blur"),
        /** Posterior ribs above the right hemidiaphragm dome (inspiration depth). */
        inspirationRibs: range(8.5, 10.8, 6, 11.5, "acquisition.inspirationRibs"),
        /** Patient rotation about the vertical axis (shifts spine against the body), fraction of width. */
        patientRotation: range(-0.025, 0.025, -0.1, 0.1, "acquisition.patientRotation"),
        /** Display contrast (slope of the film characteristic curve); varies between films. */
        contrast: range(0.9, 1.15, 0.2, 3, "acquisition.contrast"),
      })
      .strict()
      .prefault({}),
    findings: z
      .object({
        /** Probability that a film is normal (no pathology; support devices may still appear). */
        normalRate: probability(0.3),
        prevalence: prevalenceSchema,
        cooccurrence: cooccurrenceSchema,
        /** Fraction of drawn findings the report calls uncertain (CheXpert −1); these are drawn subtly. */
        uncertainRate: probability(0.1),
        /** Relative weights of severities for findings that have one. */
        severity: z
          .object({ small: weight(0.4), moderate: weight(0.4), large: weight(0.2) })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    report: z
      .object({
        /** Probability that a finding that is absent is explicitly negated (label 0) rather than unmentioned. */
        negationRate: probability(0.55),
        /** Probability of each optional section. */
        indicationRate: probability(0.6),
        comparisonRate: probability(0.5),
        techniqueRate: probability(0.3),
        /** Probability that a comparison line carries a de-identification placeholder ("___", "XXXX"). */
        placeholderRate: probability(0.3),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type PhantomConfig = z.output<typeof phantomConfigSchema>;
export type PhantomConfigInput = z.input<typeof phantomConfigSchema>;

/** A bad configuration: stable code plus one line per problem, naming the field. */
export class PhantomConfigError extends ClassifiedError<"phantom_config_invalid"> {
  constructor(readonly issues: string[]) {
    super("phantom_config_invalid", "invalidSpec", `Invalid phantom configuration:\n  - ${issues.join("\n  - ")}`);
    this.name = "PhantomConfigError";
  }

  /** The edge is told what any other bad spec tells it. */
  override get failureCode(): string {
    return "invalid_spec";
  }
}

/** Defaults merged with `overrides`, validated. Throws PhantomConfigError listing every problem. */
export function phantomConfig(overrides: PhantomConfigInput = {}): PhantomConfig {
  const parsed = phantomConfigSchema.safeParse(overrides);
  if (!parsed.success) {
    throw new PhantomConfigError(formatIssues(parsed.error, "(config)"));
  }
  return parsed.data;
}
