/**
 * Trains one named reward or judge config (train-configs.ts), writes its model card and publishes
 * the bundle (weights + card + manifest with config and held-out metrics) to a registry, moving
 * its production alias. This is the function the `train` job calls by config name.
 */
import os from "node:os";
import type { Params } from "../ml/index.js";
import type { ModelRegistry } from "../registry/model-registry.js";
import type { ModelManifest } from "../registry/manifest.js";
import { publishBundle } from "./bundle.js";
import { FEATURE_DIM } from "./film-net.js";
import { modelCard } from "./model-card.js";
import { rewardConfig, type RewardConfigName } from "./train-configs.js";
import { trainDualEncoder, type DualEncoderTrainConfig } from "./train-dual-encoder.js";
import { trainFilmModel, type FilmTrainConfig } from "./train-film-model.js";

export interface TrainRewardOptions {
  registry: ModelRegistry;
  /** Version to publish (immutable once published). */
  version: string;
  /** Registry name to publish under (default: the config name, which the loaders expect). */
  modelName?: string;
  /** Field overrides of the named config (tests shrink films and steps). */
  overrides?: Partial<FilmTrainConfig & DualEncoderTrainConfig>;
  /** The command line recorded in the card. */
  command?: string;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** Move the production alias to the new version (default true). */
  promote?: boolean;
}

export async function trainRewardModel(name: RewardConfigName, o: TrainRewardOptions): Promise<ModelManifest> {
  const config = rewardConfig(name, o.overrides);
  const log = o.log ?? (() => {});
  const started = Date.now();
  let params: Params;
  let metrics: Record<string, number>;
  let minutes: Record<string, number>;
  let model: Record<string, unknown>;
  let architecture: string;
  let role: string;
  let blindSpots: string[];
  if (config.family === "film") {
    const { family: _f, ...c } = config;
    const r = await trainFilmModel(c, log, o.signal);
    ({ params, metrics, minutes } = r);
    model = { family: "film", kind: c.kind, arch: c.arch, size: c.size };
    architecture = `"${c.arch}" conv trunk (film-net.ts) → ${FEATURE_DIM[c.arch]} features → ${c.kind === "posture" ? "5 ψ outputs (normalised, targets.ts)" : "14 label logits + AP logit + 3 position logits"}`;
    const isJudge = name.startsWith("judge-");
    role = c.kind === "posture"
      ? `${isJudge ? "Judge" : "Reward"} posture model: predicts ψ = (s_x, s_y, t_x, t_y, θ) of a frontal film relative to the canonical upright centred pose.${isJudge ? " Used only to measure (evaluation tables, never optimised against)." : " Drives the posture-alignment reward."}`
      : `${isJudge ? "Judge" : "Reward"} finding classifier: 14 CheXpert labels (present = drawn: positive or uncertain), projection (PA/AP) and patient position.${isJudge ? " Used only to measure; its penultimate features are the FID features." : " Drives the diagnostic-condition reward."}`;
    blindSpots = c.kind === "posture"
      ? ["Trained on ψ within s ∈ [0.8, 1.2], |t| ≤ 0.12, |θ| ≤ 0.3 rad: predictions outside that range saturate.", "Simulator films only: on real films it sees a different body habitus, collimation and burnt-in text (see docs/judges.md)."]
      : ["At 64×64 small findings are near-invisible (fractures, small nodules, pleural other, small pneumothoraces): see the per-label AUROC above.", "Labels co-occur in the simulator (edema → effusion, cardiomegaly): a label's score partly reflects its correlates.", "Simulator films only; on real films the outputs are not calibrated (see docs/judges.md)."];
  } else {
    const { family: _f, ...c } = config;
    const r = await trainDualEncoder(c, log, o.signal);
    ({ params, metrics, minutes } = r);
    model = { family: "dual-encoder", arch: c.arch, size: c.size, embedDim: c.embedDim, textBuckets: c.textBuckets, textHidden: c.textHidden };
    architecture = `image tower: "${c.arch}" conv trunk → ${c.embedDim}-d unit embedding; text tower: hashed scoped uni/bi-grams (${c.textBuckets} buckets, text-features.ts) → ${c.textHidden} ReLU → ${c.embedDim}-d unit embedding; learned temperature`;
    role = name.startsWith("judge-")
      ? "Judge CXR–report dual encoder (CLIP-style, symmetric InfoNCE): other seeds, other simulator films and another image trunk than reward-clip. Used only to measure the CLIP score in evaluations, never optimised against."
      : "CXR–report dual encoder (CLIP-style, symmetric InfoNCE). Drives the multimodal-consistency reward: the CLIP score cos(image, report). Independent of the generator's text encoder.";
    blindSpots = ["The text tower is a bag of scoped words: word order beyond pairs, and phrasings the simulator never writes, are weak (IU robustness in docs/judges.md).", "Trained on simulator reports only."];
  }
  const parameters = Object.values(params).reduce((s, t) => s + t.data.length, 0);
  minutes["total"] = (Date.now() - started) / 60000;
  for (const [k, v] of Object.entries(minutes)) metrics[`minutes_${k}`] = v;
  const card = modelCard({
    name: o.modelName ?? name,
    version: o.version,
    role,
    architecture,
    parameters,
    weightsBytes: parameters * 4,
    training: [
      `Config "${name}" (batch-jobs/rewards/train-configs.ts): ${JSON.stringify(config)}`,
      `Training films: simulator seeds ${config.firstSimSeed} … ${config.firstSimSeed + config.films - 1} at ${config.size}×${config.size}; held-out: seeds ${config.heldOutFirstSeed} … ${config.heldOutFirstSeed + config.heldOutFilms - 1} (never trained on).`,
      `Weight-init and batch-order seed ${config.seed}; AdamW, warmup-cosine, global-norm clip 1, ${config.steps} updates of ${config.batch}.`,
    ],
    command: o.command ?? `npm run train:rewards -- --only ${name}`,
    minutes,
    machine: machineDescription(),
    metrics,
    blindSpots,
  });
  const manifest = await publishBundle(o.registry, { name: o.modelName ?? name, version: o.version, params, config: { model, train: { name, ...config } }, metrics, card }, o.promote ?? true);
  log(`published ${o.modelName ?? name}/${o.version} (${parameters} parameters, ${minutes["total"]!.toFixed(2)} min)`);
  return manifest;
}

/** `threads`: ORT intra-op threads the caller's sessions use. */
export function machineDescription(threads = 1): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${os.cpus().length}-core ${cpu}, shared and loaded (load average ${os.loadavg()[0]!.toFixed(1)} at the end), ${threads} ORT thread${threads === 1 ? "" : "s"}`;
}
