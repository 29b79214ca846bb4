/**
 * Generator architecture and training configs: code with a comment on every field saying what it
 * does and what it costs; named experiments derive from the base; validated at parse time so a
 * typo fails before any compute is spent.
 */
import { z } from "zod";

export const architectureSchema = z.object({
  /** Image side in pixels (square). 64 on CPU; 128/256 for GPU training (tokens grow with size²). */
  size: z.number().int().min(16).max(512),
  /** Patch side: tokens = (size/patch)². Smaller patches = finer detail, attention cost ∝ tokens². */
  patch: z.number().int().min(1).max(16),
  /** Token width of the denoiser and the text encoder. Cost ∝ width². */
  dim: z.number().int().min(16).max(1024),
  /** Denoiser DiT blocks (self-attention, cross-attention to the condition, MLP). Cost ∝ depth. */
  depth: z.number().int().min(1).max(32),
  /** Attention heads (dim must divide). */
  heads: z.number().int().min(1).max(32),
  /** Text encoder transformer layers over the report tokens. Cheap: report ≪ image tokens. */
  textLayers: z.number().int().min(0).max(12),
  /** Report tokens kept (longer reports are cut; the condition tokens still carry every finding). */
  maxTokens: z.number().int().min(8).max(512),
  /** Tokenizer vocabulary cap. Costs vocab × dim parameters. */
  vocabSize: z.number().int().min(128).max(32_000),
  /** ACE tokens (ace.ts): added by the RLCF fine-tune; absent in supervised models. Cost: one more cross-attention per block. */
  ace: z.boolean().optional(),
  /**
   * Channels of a convolutional refinement head after the patch decoder (3×3 convolutions over the
   * full-resolution film), against the 4×4 patch seams and blocky findings the patch-only decoder
   * draws. Absent = no head. Its last convolution starts at zero, so a config may add it to a parent
   * without one and start exactly at the parent's films. Cost: at 16 channels cxr64-v7 ran 1.39 steps/s
   * (partly shared) against 1.56 for v6 without it (docs/generator.md).
   */
  refine: z.number().int().min(1).max(64).optional(),
  /**
   * Condition on the film's posture ψ (scale, shift, in-plane tilt): the simulator's truth in
   * training, the identity when sampling, i.e. the upright, centred film the posture target asks
   * for. Without it the simulator's random ψ is noise the model learns to reproduce, so its posture
   * error grows as it fits the films better (docs/generator.md, cxr64-v8). ψ enters through a linear
   * map without bias, zero at the identity: a config may add it to a parent and start exactly at the
   * parent's films. Cost: one 5 × dim matrix.
   */
  posture: z.boolean().optional(),
}).strict().refine((a) => a.size % a.patch === 0 && a.dim % a.heads === 0, "size must be a multiple of patch and dim of heads");
export type Architecture = z.infer<typeof architectureSchema>;

/** Parts a config may grow on a parent that lacks them: each adds nothing until it is trained. */
const GROWABLE: readonly (keyof Architecture)[] = ["refine", "posture"];

/** A config continues a parent of its own architecture, or of it without some growable parts (which it then grows). */
export function canContinue(parent: Architecture, config: Architecture): boolean {
  const inherited = Object.fromEntries(Object.entries(config).filter(([k]) => !(GROWABLE.includes(k as keyof Architecture) && parent[k as keyof Architecture] === undefined)));
  return JSON.stringify(parent) === JSON.stringify(inherited);
}

export const trainConfigSchema = z.object({
  architecture: architectureSchema,
  /** Optimiser updates. Wall time ≈ steps × step time (bench:generate). */
  steps: z.number().int().min(1),
  /** Films per update. Memory and time per step ∝ batch. */
  batch: z.number().int().min(1).max(512),
  /** AdamW peak learning rate, reached after warmupSteps, then cosine decay to minLr. */
  peakLr: z.number().positive(),
  minLr: z.number().min(0),
  warmupSteps: z.number().int().min(0),
  weightDecay: z.number().min(0),
  /** Global gradient-norm clip. */
  clipNorm: z.number().positive(),
  /** Share of films trained with the null condition (classifier-free guidance, Ho & Salimans 2022). */
  nullConditionRate: z.number().min(0).max(1),
  /** Share trained with the report text hidden (condition tokens only): robustness to unseen phrasing. */
  textDropRate: z.number().min(0).max(1),
  /**
   * Share trained with the view token saying "projection and position not stated". Real reports
   * mostly omit the view (IU: 148 of 150) and the simulator's never do, so without this the token
   * real reports carry is one no film was trained with (docs/generator.md, cxr64-v4). 0 draws
   * nothing, so the recipes from before it replay bit for bit.
   */
  viewDropRate: z.number().min(0).max(1),
  /**
   * Decay of the exponential moving average of the weights that the run exports (0 = export the
   * last iterate, as the recipes before it did). The average never changes the training itself.
   */
  emaDecay: z.number().min(0).max(0.99999),
  /** Distinct simulator films in the training pool (seeds trainSeedBase … + pool−1); rendered once, cached. */
  pool: z.number().int().min(1),
  /** First simulator seed of the pool; held-out evaluation uses seeds from HELD_OUT_SEED_BASE. */
  trainSeedBase: z.number().int().min(0),
  /** Simulator reports the tokenizer is learned from (a seed range of their own, tokenizer-corpus.ts). */
  tokenizerCorpus: z.number().int().min(1),
  /** Checkpoint every N updates (and on stop). Each costs one safetensors write of weights + moments. */
  checkpointEvery: z.number().int().min(1),
  /** Sample grid PNG + loss curve every N updates (each costs a short DDIM run). 0 = never. */
  previewEvery: z.number().int().min(0),
  /** ORT intra-op threads for the training session. */
  threads: z.number().int().min(1).max(64),
}).strict();
export type TrainConfig = z.infer<typeof trainConfigSchema>;

/** Simulator seeds at and above this are never used for training (held-out evaluation). */
export const HELD_OUT_SEED_BASE = 3_000_000_000;
/**
 * Validation split inside the never-trained range: sampler settings (e.g. guidance) are chosen on
 * these films, so the held-out figures from HELD_OUT_SEED_BASE stay free of that choice.
 */
export const VALIDATION_SEED_BASE = 3_500_000_000;

const BASE: TrainConfig = {
  architecture: { size: 64, patch: 4, dim: 128, depth: 4, heads: 4, textLayers: 2, maxTokens: 96, vocabSize: 2000 },
  steps: 3000,
  batch: 32,
  peakLr: 5e-4,
  minLr: 2e-5,
  warmupSteps: 200,
  weightDecay: 0.01,
  clipNorm: 1,
  nullConditionRate: 0.1,
  textDropRate: 0.3,
  viewDropRate: 0,
  emaDecay: 0,
  pool: 24_000,
  trainSeedBase: 1_000_000,
  tokenizerCorpus: 3000,
  checkpointEvery: 100,
  previewEvery: 500,
  threads: 2,
};

/** Seconds-long model for tests. */
const TINY: TrainConfig = {
  ...BASE,
  architecture: { size: 32, patch: 8, dim: 32, depth: 1, heads: 2, textLayers: 1, maxTokens: 24, vocabSize: 400 },
  steps: 6, batch: 4, warmupSteps: 1, pool: 16, tokenizerCorpus: 40, checkpointEvery: 2, previewEvery: 0, threads: 1,
};

/** Named experiments (the `config` field of a train spec). */
export const TRAIN_CONFIGS = {
  /** The committed default model: 64×64 on this 2-core CPU. */
  "cxr-64": BASE,
  /**
   * Continues a cxr-64 model (the train spec's parent): a second cosine cycle at a lower peak, on a
   * fresh pool of films (the seeds after the parent's), so the continuation sees new anatomy.
   */
  "cxr-64-continue": { ...BASE, steps: 7000, peakLr: 3e-4, warmupSteps: 100, trainSeedBase: 1_024_000 },
  /** A third cycle (cxr64-v3 from cxr64-v2): lower peak, the next fresh pool of films. Not promoted: IU FID doubled (docs/generator.md). */
  "cxr-64-continue-2": { ...BASE, steps: 5000, peakLr: 2e-4, warmupSteps: 100, trainSeedBase: 1_048_000 },
  /**
   * cxr-64-continue-2 with the report text hidden for 60 % of films instead of 30 % (same pool, steps
   * and seed), to test whether v3's drift on real radiologists' phrasing comes from leaning on the text.
   * It does not (cxr64-v4 measures as v3, docs/generator.md); not promoted.
   */
  "cxr-64-continue-2-textdrop": { ...BASE, steps: 5000, peakLr: 2e-4, warmupSteps: 100, trainSeedBase: 1_048_000, textDropRate: 0.6 },
  /**
   * v3's recipe from cxr64-v2 with the view left unstated for 30 % of films, so reports that do not
   * name PA or AP (most real ones) get a trained view token (cxr64-v6, docs/generator.md).
   */
  "cxr-64-continue-2-viewdrop": { ...BASE, steps: 5000, peakLr: 2e-4, warmupSteps: 100, trainSeedBase: 1_048_000, viewDropRate: 0.3 },
  /** Its half-length probe (2,500 steps, one session's slot): does a trained "view unstated" token close the IU gap? */
  "cxr-64-continue-2-viewdrop-short": { ...BASE, steps: 2500, peakLr: 2e-4, warmupSteps: 50, trainSeedBase: 1_048_000, viewDropRate: 0.3 },
  /**
   * The view-dropout run exporting the moving average of its weights (decay 0.999: about the last
   * 1,000 of the 5,000 steps), to smooth the last iterate's noise out of the films (FID).
   */
  "cxr-64-continue-2-viewdrop-ema": { ...BASE, steps: 5000, peakLr: 2e-4, warmupSteps: 100, trainSeedBase: 1_048_000, viewDropRate: 0.3, emaDecay: 0.999 },
  /**
   * cxr-64-continue-2-viewdrop (the last iterate, as v6-last) growing the refinement head on
   * cxr64-v2: does a full-resolution decoder close the FID gap the patch seams leave?
   */
  "cxr-64-continue-2-viewdrop-refine": { ...BASE, architecture: { ...BASE.architecture, refine: 16 }, steps: 5000, peakLr: 2e-4, warmupSteps: 100, trainSeedBase: 1_048_000, viewDropRate: 0.3 },
  /**
   * v6-last's recipe (cxr-64-continue-2-viewdrop, same pool, steps and batches) growing posture
   * conditioning on cxr64-v2: trained on each film's own ψ, sampled upright.
   */
  "cxr-64-continue-2-viewdrop-posture": { ...BASE, architecture: { ...BASE.architecture, posture: true }, steps: 5000, peakLr: 2e-4, warmupSteps: 100, trainSeedBase: 1_048_000, viewDropRate: 0.3 },
  /** Same recipe at 128×128 for a GPU machine (4× the tokens: patch 8 keeps 256). */
  "cxr-128-gpu": { ...BASE, architecture: { ...BASE.architecture, size: 128, patch: 8, dim: 256, depth: 8 }, steps: 40_000, threads: 8 },
  tiny: TINY,
  /** The tiny model with the refinement head (tests of growing a head onto a parent). */
  "tiny-refine": { ...TINY, architecture: { ...TINY.architecture, refine: 4 } },
  /** The tiny model with posture conditioning (tests of growing it onto a parent). */
  "tiny-posture": { ...TINY, architecture: { ...TINY.architecture, posture: true } },
  /** The tiny model exporting the moving average of its weights (tests of emaDecay). */
  "tiny-ema": { ...TINY, emaDecay: 0.9 },
} as const satisfies Record<string, TrainConfig>;
export type TrainConfigName = keyof typeof TRAIN_CONFIGS;

export function isTrainConfigName(name: string): name is TrainConfigName {
  return Object.hasOwn(TRAIN_CONFIGS, name);
}
