/**
 * A training run with emaDecay > 0 publishes the moving average of its weights. Its final checkpoint
 * still holds the last iterate: this publishes that as version `<version>-last` (same tokenizer,
 * architecture and config), so the two can be judged side by side (docs/generator.md).
 *   npx tsx scripts/publish-last-iterate.ts --from file:///…/registry/models/ --name cxrl --version cxr64-v6 --checkpoint /…/ck
 */
import { parseArgs } from "node:util";
import { runScript, UsageError } from "../batch-jobs/cli/options.js";
import { bundleFiles, loadGenerator } from "../batch-jobs/generator/index.js";
import { CheckpointError, loadLatestCheckpoint, type NamedTensors } from "../batch-jobs/ml/index.js";
import { openRegistry } from "../batch-jobs/registry/open-registry.js";
import { EXIT } from "../shared/jobs/exit-codes.js";
import { ClassifiedError } from "../shared/jobs/classified-error.js";

const USAGE = "npx tsx scripts/publish-last-iterate.ts --from <registry models/ URI> --name <model> --version <version> --checkpoint <the run's checkpoint folder>";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: "string" }, name: { type: "string" }, version: { type: "string" }, checkpoint: { type: "string" } } });
  const { from, name, version, checkpoint } = values;
  if (!from || !name || !version || !checkpoint) throw new UsageError("--from, --name, --version and --checkpoint are required");
  const registry = openRegistry({ CXR_REGISTRY_URI: from });
  const manifest = await registry.getManifest(name, version);
  if (!manifest) throw new UsageError(`${name}/${version} is not in ${from}`);
  const steps = Number(manifest.metrics["steps"]);
  const saved = loadLatestCheckpoint(checkpoint);
  if (!saved) throw new UsageError(`no checkpoint in ${checkpoint}`);
  if (saved.manifest.step !== steps) throw new UsageError(`${saved.dir} is at step ${saved.manifest.step}, ${version} ended at step ${steps}: not its final checkpoint`);

  const { model, config } = await loadGenerator(registry, { name, version });
  await model.dispose();
  const { files } = await registry.load(name, version);
  const last = `${version}-last`;
  const card = `# ${name} ${last}\n\nThe last iterate of ${version}: its checkpoint's weights at step ${steps}, not the moving average that ${version} ships.\n\n${new TextDecoder().decode(files.get("card.md"))}`;
  await registry.publish({
    name, version: last, parent: manifest.parent,
    config: { ...manifest.config, lastIterateOf: version },
    metrics: manifest.metrics,
    files: bundleFiles({ architecture: config.architecture, tokenizer: model.tokenizer, params: saved.weights as NamedTensors<Float32Array>, training: config.training, card }),
  });
  console.log(JSON.stringify({ published: `${name}/${last}`, step: steps }));
}

await runScript(USAGE, main).catch((err: unknown) => {
  // The registry's and the checkpoint store's own errors (version exists, corrupt file) are the user's to act on: one line, no stack.
  if (!(err instanceof ClassifiedError || err instanceof CheckpointError)) throw err;
  console.error(`publish-last-iterate: ${err.message}`);
  process.exitCode = EXIT.internal;
});
