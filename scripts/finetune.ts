/**
 * `npm run finetune -- --config cxrl [--seed N] [--job-id ID] [--registry file:///…/models/]`
 * Runs the finetune job locally, exactly as the nightly schedule does on AWS Batch: against the
 * production alias of the served model, in the registry `npm start` uses (.local/registry, seeded
 * from models/), with checkpoints and outputs under .local/finetune/<job id>/ — run it again to
 * resume after a stop. Progress: a bar on a terminal, JSON lines otherwise; ends with one JSON line.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { SERVING_MODEL } from "../shared/model/serving-model.js";
import { seedRegistry } from "../batch-jobs/registry/bundle-folder.js";
import { openRegistry } from "../batch-jobs/registry/open-registry.js";
import { runJob } from "../batch-jobs/jobs/run-job.js";
import { abortOnSigterm } from "../batch-jobs/jobs/stop-on-signal.js";
import { EXIT } from "../shared/jobs/exit-codes.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { config: { type: "string", default: "cxrl" }, seed: { type: "string", default: "20261202" }, "job-id": { type: "string" }, registry: { type: "string" } } }));
  } catch (err) {
    console.error(`usage: npm run finetune -- --config cxrl [--seed N] [--job-id ID] [--registry file:///…/models/]\n${(err as Error).message}`);
    return EXIT.usage;
  }
  const jobId = values["job-id"] ?? `rlcf-${values.config}`;
  const work = path.join(ROOT, ".local", "finetune", jobId);
  const registryUri = values.registry ?? `${pathToFileURL(path.join(ROOT, ".local", "registry")).href}/models/`;
  const env = { ...process.env, CXR_REGISTRY_URI: registryUri };
  if (!values.registry) await seedRegistry(openRegistry(env), path.join(ROOT, "models"), "npm-finetune");
  const spec = {
    specVersion: 1, kind: "finetune", jobId,
    outputUri: `${pathToFileURL(path.join(work, "out")).href}/`,
    base: { name: SERVING_MODEL.name, alias: "production" },
    config: values.config, seed: Number(values.seed),
    checkpointUri: `${pathToFileURL(path.join(work, "checkpoints")).href}/`,
  };
  const specUri = `data:application/json;base64,${Buffer.from(JSON.stringify(spec)).toString("base64")}`;
  // Ctrl-C or SIGTERM stops at the next safe point as on AWS Batch; running the command again resumes.
  const stop = abortOnSigterm({ log: (l) => console.error(l), signals: ["SIGTERM", "SIGINT"] });
  const code = await runJob(["finetune", "--spec", specUri], { env, error: (l) => console.error(l), log: (l) => console.error(l), signal: stop.signal });
  stop.dispose();
  console.log(JSON.stringify({ event: "finetune", jobId, exitCode: code, outputs: path.relative(ROOT, path.join(work, "out")), registry: registryUri }));
  return code;
}

process.exitCode = await main();
