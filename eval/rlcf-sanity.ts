/**
 * Can the RLCF loop optimise at all with a given recipe? Runs the fine-tune of the anchor with a
 * trivially learnable reward (mean brightness, batch-jobs/rlcf/brightness-reward.ts) instead of the
 * reward models and prints, per epoch, the policy's films' brightness minus the anchor's (same
 * reports and x_T). A recipe that cannot raise this in a few epochs cannot raise the real rewards;
 * one that can is worth a real run. Prints a table, then one JSON line.
 *
 *   npm run eval:rlcf-sanity [-- --config cxrl --epochs 8 --set '{"lr":1e-2}' --anchor cxr64-v2 --seed 7]
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { integerOption, runScript, UsageError } from "../batch-jobs/cli/options.js";
import { loadGenerator } from "../batch-jobs/generator/index.js";
import { ModelRegistry } from "../batch-jobs/registry/model-registry.js";
import { machineDescription } from "../batch-jobs/rewards/train-reward-model.js";
import { BRIGHTNESS_ONLY, brightnessReward } from "../batch-jobs/rlcf/brightness-reward.js";
import { FINETUNE_CONFIGS, finetuneConfigSchema, isFinetuneConfigName } from "../batch-jobs/rlcf/config.js";
import { runFinetune } from "../batch-jobs/rlcf/finetune-run.js";
import { PromptPool } from "../batch-jobs/rlcf/prompt-pool.js";
import { openObjectStore } from "../batch-jobs/storage/open-object-store.js";
import { SERVING_MODEL } from "../shared/model/serving-model.js";
import { formatIssues } from "../shared/validation/format-issues.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    config: { type: "string", default: "cxrl" }, epochs: { type: "string" }, set: { type: "string", default: "{}" },
    anchor: { type: "string", default: SERVING_MODEL.version }, seed: { type: "string" },
  } });
  if (!isFinetuneConfigName(values.config)) usage(`--config ${values.config} is not a fine-tune config; known: ${Object.keys(FINETUNE_CONFIGS).join(", ")}`);
  const epochs = integerOption("epochs", values.epochs, 8, { min: 1, max: 10_000 });
  const seed = integerOption("seed", values.seed, 7, { min: 0, max: 2 ** 32 - 1 });
  let overrides: Record<string, unknown>;
  try {
    overrides = JSON.parse(values.set) as Record<string, unknown>;
  } catch {
    usage(`--set must be a JSON object of config fields, e.g. '{"lr":1e-2}'; got ${values.set}`);
  }
  const parsed = finetuneConfigSchema.safeParse({ ...FINETUNE_CONFIGS[values.config], epochs, rewards: BRIGHTNESS_ONLY, ...overrides });
  if (!parsed.success) usage(`the config with --set is invalid: ${formatIssues(parsed.error).join("; ")}`);
  const config = parsed.data;
  const registry = new ModelRegistry(openObjectStore(pathToFileURL(REPO + "/").href));
  const anchor = await loadGenerator(registry, { name: SERVING_MODEL.name, version: values.anchor }, { intraOpThreads: config.threads });
  const scratch = mkdtempSync(path.join(os.tmpdir(), "rlcf-sanity-"));
  console.log(`# RLCF sanity: brightness gain over the anchor, ${SERVING_MODEL.name}/${values.anchor}, config ${values.config} + ${JSON.stringify(overrides)}, seed ${seed}, on ${machineDescription(config.threads)}`, "\n");
  console.log("| epoch | brightness − anchor's | approx-KL per update | seconds |", "\n|---|---|---|---|");
  try {
    const run = await runFinetune({
      config, configName: values.config, seed, anchor, rewards: brightnessReward(anchor.model.architecture.size),
      prompts: new PromptPool(config.promptPool, config.promptSeedBase), checkpointDir: scratch,
      onEpoch: (r) => console.log(`| ${r.epoch} | ${(r.model.diagnostic - r.anchor.diagnostic).toFixed(4)} | ${r.updates.map((u) => u.approxKl.toExponential(1)).join(", ")} | ${r.seconds.toFixed(0)} |`),
    });
    await run.policy.dispose();
    const gains = run.history.map((r) => r.model.diagnostic - r.anchor.diagnostic);
    const last = gains.slice(-3);
    console.log(JSON.stringify({ eval: "rlcf-sanity", config: values.config, overrides, anchor: values.anchor, epochs: gains.length, gains, lastThreeMean: last.reduce((s, g) => s + g, 0) / last.length }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function usage(message: string): never {
  throw new UsageError(`eval:rlcf-sanity: ${message}`);
}

await runScript("npm run eval:rlcf-sanity -- [--config cxrl --epochs 8 --seed 7 --anchor V --set '{\"lr\":1e-2}']", main).catch((err: unknown) => {
  // A missing anchor version and the like are the user's to fix: their message, not a stack trace.
  console.error(`eval:rlcf-sanity: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
