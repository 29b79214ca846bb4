/**
 * One measurement per process, so each peak RSS (ru_maxrss) belongs to that measurement alone.
 * Usage: worker.ts params <overrides> | epoch <overrides> <warmup> <reps> | ppo <overrides> <warmup> <reps>
 * (<overrides>: JSON of the measured config's overridden sizes, measured-config.ts). Prints one JSON line.
 */
import { hasCommittedBundle, measuredArchitecture } from "../generate/generator-source.js";
import { benchEpoch } from "./epoch-bench.js";
import { measuredConfig, trainableCounts, type ConfigOverrides } from "./measured-config.js";
import { benchPpo } from "./ppo-bench.js";

const [what, overrides, ...rest] = process.argv.slice(2);
const n = rest.map(Number);
const cfg = measuredConfig(JSON.parse(overrides ?? "{}") as ConfigOverrides);

if (what === "params") {
  console.log(JSON.stringify({ architecture: measuredArchitecture(), committedBundle: hasCommittedBundle(), ...trainableCounts(cfg) }));
} else if ((what === "epoch" || what === "ppo") && n.length === 2) {
  const [warmup, reps] = n as [number, number];
  console.log(JSON.stringify(await (what === "epoch" ? benchEpoch : benchPpo)(cfg, warmup, reps)));
} else {
  console.error("usage: worker.ts params <overrides> | epoch <overrides> <warmup> <reps> | ppo <overrides> <warmup> <reps>");
  process.exit(2);
}
