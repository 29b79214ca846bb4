/**
 * The "train" job: supervised training of the text-to-CXR generator from a named config
 * (batch-jobs/generator/config.ts) on simulator films rendered on the fly. Checkpoints go to the
 * spec's checkpointUri (a retried attempt resumes bit-exactly); every previewEvery steps a sample
 * grid and the loss curve go to <outputUri>previews/; at the end the bundle is published to the
 * registry ($CXR_REGISTRY_URI) as <modelName>/<jobId>. SIGTERM checkpoints and exits retryable.
 */
import { loadGenerator, compileGraphs, filmGridPng, isTrainConfigName, lossCurvePng, PREVIEW_REPORTS, PREVIEW_SEEDS, TRAIN_CONFIGS, trainGenerator, bundleFiles, GeneratorModel } from "../generator/index.js";
import { openRegistry } from "../registry/open-registry.js";
import { resolveModelVersion } from "./generate-settings.js";
import { openCheckpointMirror } from "../storage/checkpoint-mirror.js";
import { openObjectStore } from "../storage/open-object-store.js";
import { createProgress } from "../ml/train/progress.js";
import { modelCard } from "../generator/model-card.js";
import { recordFilmSource } from "../generator/record-films.js";
import { trainingRecords } from "./train-data.js";
import type { JobModule } from "./job-context.js";
import { JobError } from "./job-error.js";
import { canContinue } from "../generator/config.js";

export const runTrainJob: JobModule<"train"> = async (ctx) => {
  const { spec, reporter } = ctx;
  if (!isTrainConfigName(spec.config)) {
    throw new JobError("invalidSpec", "unknown_config", `config "${spec.config}" is not a training config; known: ${Object.keys(TRAIN_CONFIGS).join(", ")}.`);
  }
  const config = TRAIN_CONFIGS[spec.config];
  // A user's own films instead of the simulator's: read the records (and their reports) first.
  const records = spec.data ? await trainingRecords(spec.data) : null;
  const registry = openRegistry(ctx.env);
  // A parent: continue from its weights and tokenizer (the config's architecture, or it without the refinement head).
  let parent: { version: string; init: { params: import("../ml/index.js").NamedTensors; tokenizer: import("../generator/index.js").Tokenizer } } | null = null;
  if (spec.parent) {
    const version = await resolveModelVersion(registry, spec.parent!);
    const loaded = await loadGenerator(registry, { name: spec.parent!.name, version });
    await loaded.model.dispose();
    if (!canContinue(loaded.config.architecture, config.architecture)) {
      throw new JobError("invalidSpec", "parent_mismatch", `parent ${spec.parent.name}/${version} has architecture ${JSON.stringify(loaded.config.architecture)}, config ${spec.config} needs ${JSON.stringify(config.architecture)}.`);
    }
    parent = { version, init: { params: loaded.weights, tokenizer: loaded.model.tokenizer } };
  }
  const output = openObjectStore(spec.outputUri, ctx.env);
  const started = performance.now();
  // Checkpoints are written locally by the Trainer and mirrored to checkpointUri after each one,
  // so a retry on another machine resumes (a file:// URI is the folder itself: nothing to copy).
  const mirror = openCheckpointMirror(spec.checkpointUri, { env: ctx.env });
  await mirror.restore();
  let uploads: Promise<unknown> = Promise.resolve();
  const progress = createProgress();
  const jobProgress = {
    update: (u: Parameters<typeof progress.update>[0]) => {
      progress.update(u);
      void reporter.progress(u.step, u.totalSteps, "steps");
    },
    event: (name: string, fields: Record<string, unknown>) => {
      progress.event(name, fields);
      if (name === "checkpoint") uploads = uploads.then(() => mirror.push());
    },
    done: progress.done.bind(progress),
  };
  const previewGrid = async (model: GeneratorModel): Promise<Buffer> => {
    const { films } = await model.sample(PREVIEW_REPORTS, PREVIEW_SEEDS, { steps: 25, guidance: 3, eta: 0 });
    return filmGridPng(films, PREVIEW_REPORTS.length, config.architecture.size, 4);
  };
  const run = await trainGenerator({
    config, configName: spec.config, seed: spec.seed,
    checkpointDir: mirror.localRoot,
    signal: ctx.signal, progress: jobProgress,
    ...(parent ? { init: parent.init } : {}),
    ...(records ? {
      corpus: records.map((r) => r.report),
      source: async (tokenizer) => {
        const { source, skipped } = await recordFilmSource(records, { size: config.architecture.size, tokenizer });
        reporter.note({ trainingFilms: source.size, skipped: skipped.length, firstSkipped: skipped.slice(0, 3) });
        return source;
      },
    } : {}),
    onPreview: async ({ step, params, tokenizer, history }) => {
      const model = new GeneratorModel(config.architecture, tokenizer, compileGraphs(config.architecture, params, [PREVIEW_REPORTS.length], false), {}, { intraOpThreads: config.threads });
      try {
        await output.put(`previews/step-${String(step).padStart(6, "0")}.png`, await previewGrid(model));
      } finally {
        await model.dispose();
      }
      await output.put("previews/loss.png", lossCurvePng(history));
      await output.put("previews/history.json", new TextEncoder().encode(JSON.stringify(history)));
    },
  });
  await uploads;
  await mirror.push();
  if (run.stoppedEarly) throw new JobError("terminated", "terminated", `stopped at step ${run.step} of ${config.steps}; the checkpoint is kept and a retry resumes from it.`);
  const minutes = (performance.now() - started) / 60_000;
  const last = run.history.slice(-50);
  const finalLoss = last.reduce((s, r) => s + r.loss, 0) / Math.max(1, last.length);
  const version = spec.jobId;
  const existing = await registry.getManifest(spec.modelName, version);
  if (!existing) {
    await registry.publish({
      name: spec.modelName, version, parent: parent?.version ?? null,
      config: { kind: "cxr-generator", configName: spec.config, seed: spec.seed, config, ...(parent ? { parent: `${spec.parent!.name}/${parent.version}` } : {}) },
      metrics: { finalLoss, steps: run.step, trainMinutesThisAttempt: minutes },
      files: bundleFiles({
        architecture: config.architecture, tokenizer: run.tokenizer, params: run.params,
        training: { configName: spec.config, seed: spec.seed, steps: run.step },
        card: modelCard({ name: spec.modelName, version, configName: spec.config, config, seed: spec.seed, params: run.params, finalLoss, minutes, vocab: run.tokenizer.vocabSize, ...(parent ? { parent: `${spec.parent!.name}/${parent.version}` } : {}) }),
      }),
    });
  }
  reporter.note({ model: spec.modelName, version, steps: run.step, finalLoss, minutes: Number(minutes.toFixed(2)), published: !existing });
};
