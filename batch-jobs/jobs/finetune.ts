/**
 * The "finetune" job: the CXRL fine-tune of the production generator (batch-jobs/rlcf/). Phases:
 *   1. resolve the base (the anchor) and load it, the reward models and the prompt pool;
 *   2. RLCF epochs, checkpointed at each epoch's end to checkpointUri (a retry resumes exactly);
 *   3. merge LoRA into the base weights (ACE kept) → a normal generator bundle;
 *   4. the gate: candidate vs production on held-out reports, judged by the judges;
 *   5. publish the candidate as <base name>/<jobId> (parent, config, gate figures in its manifest),
 *      and when the gate passes move the production alias by compare-and-swap and tell the edge.
 * Outputs under outputUri: history.json, rewards.png, side-by-side.png, gate.json, gate.md.
 */
import type { JobOutput } from "../../shared/jobs/events.js";
import { bundleFiles, compileGraphs, GeneratorModel, loadGenerator, PREVIEW_REPORTS, PREVIEW_SEEDS } from "../generator/index.js";
import { JudgeModels, RewardModels } from "../rewards/index.js";
import { announceProduction } from "../registry/announce-production.js";
import { openRegistry } from "../registry/open-registry.js";
import { FINETUNE_CONFIGS, isFinetuneConfigName } from "../rlcf/config.js";
import { rewardCurvesPng, sideBySidePng } from "../rlcf/figures.js";
import { runFinetune } from "../rlcf/finetune-run.js";
import { finetuneCard } from "../rlcf/model-card.js";
import { PromptPool } from "../rlcf/prompt-pool.js";
import { createProgress } from "../ml/index.js";
import { openCheckpointMirror } from "../storage/checkpoint-mirror.js";
import { openObjectStore } from "../storage/open-object-store.js";
import { sha256Hex } from "../storage/sha256.js";
import { gateMarkdown } from "./evaluate-gate.js";
import { judgeAgainstProduction } from "./finetune-gate.js";
import { partnerPrompts } from "./finetune-prompts.js";
import { resolveModelVersion } from "./generate-settings.js";
import type { JobModule } from "./job-context.js";
import { JobError } from "./job-error.js";
import { DEFAULT_REFERENCE, openJudgesRegistry, phantomReference } from "./judging.js";

export const runFinetuneJob: JobModule<"finetune"> = async (ctx) => {
  const { spec, reporter } = ctx;
  if (!isFinetuneConfigName(spec.config)) {
    throw new JobError("invalidSpec", "unknown_config", `config "${spec.config}" is not a fine-tune config; known: ${Object.keys(FINETUNE_CONFIGS).join(", ")}.`);
  }
  const config = FINETUNE_CONFIGS[spec.config];
  const registry = openRegistry(ctx.env);
  const baseVersion = await resolveModelVersion(registry, spec.base);
  const anchor = await loadGenerator(registry, { name: spec.base.name, version: baseVersion }, { intraOpThreads: config.threads });
  const scoring = await openJudgesRegistry(ctx.env);
  const session = { intraOpThreads: config.threads };
  const rewards = await RewardModels.load(scoring, session);
  const started = performance.now();
  const mirror = openCheckpointMirror(spec.checkpointUri, { env: ctx.env });
  await mirror.restore();
  // Partner reports join only from partners who opted in to training (the edge's export).
  const partner = await partnerPrompts(ctx.env, { limit: config.partnerPrompts, signal: ctx.signal });
  const prompts = new PromptPool(config.promptPool, config.promptSeedBase, partner.reports);
  const progress = createProgress();
  reporter.note({ phase: "fine-tune", base: `${spec.base.name}/${baseVersion}`, config: spec.config, prompts: prompts.size, partnerPrompts: partner.source });
  const run = await runFinetune({
    config, configName: spec.config, seed: spec.seed, anchor, rewards, prompts,
    checkpointDir: mirror.localRoot,
    signal: ctx.signal,
    onEpoch: (r, total) => {
      const loss = r.updates.reduce((s, u) => s + u.loss, 0) / r.updates.length;
      progress.update({ step: r.epoch, totalSteps: total, loss, lr: config.lr, stepsPerSec: 1 / r.seconds, samplesPerSec: (config.promptsPerEpoch * config.samplesPerPrompt) / r.seconds, etaSec: (total - r.epoch) * r.seconds });
      progress.event("epoch", { epoch: r.epoch, reward: r.reward.toFixed(4), winRate: r.winRate.toFixed(3), seconds: r.seconds.toFixed(1) });
      void reporter.progress(r.epoch, total, "steps");
    },
    onCheckpoint: async () => void (await mirror.push()),
  });
  progress.done();
  const judges = await JudgeModels.load(scoring, session);
  let candidate: GeneratorModel | null = null;
  try {
    if (run.stoppedEarly) throw new JobError("terminated", "terminated", `stopped after epoch ${run.history.length} of ${config.epochs}; the checkpoint is kept and a retry resumes from it.`);
    const architecture = run.policy.architecture;
    const params = run.policy.merged();
    candidate = new GeneratorModel(architecture, anchor.model.tokenizer, compileGraphs(architecture, params, [16], false), {}, session);
    reporter.note({ phase: "gate" });
    const gate = await judgeAgainstProduction({
      candidate, baseline: anchor.model, judges, reference: await phantomReference(judges, { count: config.gate.referenceFilms, firstSeed: DEFAULT_REFERENCE.firstSeed }), gate: config.gate, seed: spec.seed, signal: ctx.signal,
      onProgress: (role, done, total) => void reporter.progress(done, total, "images"),
    });
    const version = spec.jobId;
    const names = { candidate: `${spec.base.name}/${version}`, baseline: `${spec.base.name}/${baseVersion}` };
    const minutes = (performance.now() - started) / 60_000;
    const last = run.history[run.history.length - 1];
    const figures: Record<string, number | null | undefined> = {
      epochs: run.history.length, minutesThisAttempt: minutes, finalReward: last?.reward, finalWinRate: last?.winRate, gatePasses: gate.passes ? 1 : 0,
      ...Object.fromEntries(gate.checks.flatMap((c) => [[`candidate ${c.figure}`, c.candidate], [`production ${c.figure}`, c.baseline]])),
    };
    // The manifest holds numbers only: figures the judges could not measure are left out.
    const metrics = Object.fromEntries(Object.entries(figures).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1])));
    if (!(await registry.getManifest(spec.base.name, version))) {
      await registry.publish({
        name: spec.base.name, version, parent: baseVersion,
        config: { kind: "cxr-generator", finetune: spec.config, seed: spec.seed, config, parent: names.baseline },
        metrics,
        files: bundleFiles({
          architecture, tokenizer: anchor.model.tokenizer, params,
          training: { finetune: spec.config, seed: spec.seed, epochs: run.history.length, parent: names.baseline },
          card: finetuneCard({ ...names, configName: spec.config, config, seed: spec.seed, history: run.history, gate, minutes }),
        }),
      });
    }
    let promoted = false;
    if (gate.passes) {
      const current = await registry.resolve(spec.base.name, "production");
      if (current === baseVersion) {
        await registry.promote(spec.base.name, "production", version, { by: spec.jobId, expectedCurrent: baseVersion });
        promoted = true;
        // The registry alias is the source of truth; the edge is told so it generates with the new version.
        reporter.note({ edge: await announceProduction(ctx.env, { name: spec.base.name, version, previous: baseVersion }) });
      } else reporter.note({ promotion: "skipped", reason: `production moved to ${current} during the fine-tune; the candidate was judged against ${baseVersion}` });
    }
    const { films: anchorFilms } = await anchor.model.sample(PREVIEW_REPORTS, PREVIEW_SEEDS, { steps: config.gate.steps, guidance: config.gate.guidance, eta: 0 });
    const { films: tunedFilms } = await candidate.sample(PREVIEW_REPORTS, PREVIEW_SEEDS, { steps: config.gate.steps, guidance: config.gate.guidance, eta: 0 });
    const outputs = await writeOutputs(openObjectStore(spec.outputUri, ctx.env), [
      ["history.json", "application/json", JSON.stringify(run.history, null, 2) + "\n"],
      ["rewards.png", "image/png", await rewardCurvesPng(run.history, `${spec.config}: rewards per epoch (${names.candidate} vs anchor ${names.baseline})`)],
      ["side-by-side.png", "image/png", await sideBySidePng(anchorFilms, tunedFilms, PREVIEW_REPORTS.length, architecture.size)],
      ["gate.json", "application/json", JSON.stringify({ ...names, passes: gate.passes, promoted, checks: gate.checks, benchmark: gate.benchmark }, null, 2) + "\n"],
      ["gate.md", "text/markdown", gateMarkdown(gate.checks, names)],
    ]);
    await reporter.result(outputs);
    reporter.note({ model: names.candidate, gate: gate.passes ? "passes" : "fails", promoted, minutes: Number(minutes.toFixed(2)) });
  } finally {
    await candidate?.dispose();
    await judges.dispose();
    await rewards.dispose();
    await run.policy.dispose();
    await anchor.model.dispose();
  }
};

async function writeOutputs(store: ReturnType<typeof openObjectStore>, files: [string, string, string | Buffer][]): Promise<JobOutput[]> {
  const outputs: JobOutput[] = [];
  for (const [path, contentType, body] of files) {
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body);
    const info = await store.put(path, bytes, { contentType });
    outputs.push({ path, uri: store.rootUri + path, sha256: info.sha256 ?? sha256Hex(bytes), bytes: info.size, contentType });
  }
  return outputs;
}
