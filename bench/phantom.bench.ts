/**
 * Phantom simulator throughput on one core: films per second at 64, 128 and 256 px with the
 * default config (supersample "auto": 2× up to 128 px). Reports wall-clock rate and CPU-time rate
 * (the latter is fairer when other processes share the machine). Last line: one JSON object.
 *
 *   npm run bench:phantom [-- --seconds 4]
 */
import { parseArgs } from "node:util";
import { flagsOrExit, numberOption } from "../batch-jobs/cli/options.js";
import { phantomConfig, simulate } from "../batch-jobs/data/phantom/index.js";

const seconds = flagsOrExit("npm run bench:phantom -- [--seconds 4]", () =>
  numberOption("seconds", parseArgs({ options: { seconds: { type: "string" } } }).values.seconds, 4, { min: 0.1, max: 3600 }));

const results: Record<string, { imagesPerSecond: number; imagesPerCpuSecond: number; msPerImage: number; images: number }> = {};
for (const size of [64, 128, 256]) {
  const config = phantomConfig({ size });
  for (let i = 0; i < 30; i++) simulate(config, 900_000 + i); // warm up the JIT
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) simulate(config, n++);
  const wall = (performance.now() - t0) / 1000;
  const cpuUsed = process.cpuUsage(cpu0);
  const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
  results[String(size)] = {
    imagesPerSecond: Math.round((n / wall) * 10) / 10,
    imagesPerCpuSecond: Math.round((n / cpu) * 10) / 10,
    msPerImage: Math.round((wall / n) * 1000 * 100) / 100,
    images: n,
  };
  console.log(`${size}×${size}: ${results[String(size)]!.imagesPerSecond} images/s wall, ${results[String(size)]!.imagesPerCpuSecond} per CPU-second (${n} images)`);
}
console.log(JSON.stringify({ bench: "phantom", node: process.version, results }));
