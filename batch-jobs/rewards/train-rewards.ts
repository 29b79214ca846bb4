/**
 * `npm run train:rewards [-- --only reward-posture,judge-posture] [--registry file:///…/] [--version v1]`
 * Trains every reward and judge config in sequence and publishes each to the registry (default:
 * the repository root, whose models/ folder is committed). Ends with one JSON line.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ModelRegistry } from "../registry/model-registry.js";
import { openObjectStore } from "../storage/open-object-store.js";
import { REWARD_CONFIG_NAMES, isRewardConfigName, type RewardConfigName } from "./train-configs.js";
import { trainRewardModel } from "./train-reward-model.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: "string" }, registry: { type: "string" }, version: { type: "string" } } });
  const names = (values.only?.split(",") ?? [...REWARD_CONFIG_NAMES]).map((n) => n.trim());
  const bad = names.filter((n) => !isRewardConfigName(n));
  if (bad.length > 0) throw new Error(`unknown config(s) ${bad.join(", ")}; known: ${REWARD_CONFIG_NAMES.join(", ")}`);
  const registry = new ModelRegistry(openObjectStore(values.registry ?? pathToFileURL(REPO_ROOT + "/").href));
  const version = values.version ?? "v1";
  const results: Record<string, Record<string, number>> = {};
  for (const name of names as RewardConfigName[]) {
    const manifest = await trainRewardModel(name, {
      registry,
      version,
      command: `npm run train:rewards -- --only ${name}${values.version ? ` --version ${version}` : ""}`,
      log: (line) => console.error(`[${name}] ${line}`),
    });
    results[name] = manifest.metrics;
  }
  console.log(JSON.stringify({ event: "train-rewards", version, results }));
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exitCode = 1;
});
