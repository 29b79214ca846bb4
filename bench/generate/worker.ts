/**
 * One measurement per process, so each peak RSS (ru_maxrss) belongs to that measurement alone.
 * Usage: worker.ts params | sample <batch> <steps> <guidance> <warmup> <reps> | train <batch> <warmup> <reps>
 * Prints one JSON line.
 */
import { hasCommittedBundle, measuredArchitecture, paramCounts } from "./generator-source.js";
import { benchSample } from "./sample-bench.js";
import { benchTrain } from "./train-bench.js";

const [what, ...rest] = process.argv.slice(2);
const n = rest.map(Number);

if (what === "params") {
  const architecture = measuredArchitecture();
  console.log(JSON.stringify({ architecture, committedBundle: hasCommittedBundle(), ...paramCounts(architecture) }));
} else if (what === "sample" && n.length === 5) {
  const [batch, steps, guidance, warmup, reps] = n as [number, number, number, number, number];
  console.log(JSON.stringify(await benchSample({ batch, steps, guidance }, warmup, reps)));
} else if (what === "train" && n.length === 3) {
  const [batch, warmup, reps] = n as [number, number, number];
  console.log(JSON.stringify(await benchTrain(batch, warmup, reps)));
} else {
  console.error("usage: worker.ts params | sample <batch> <steps> <guidance> <warmup> <reps> | train <batch> <warmup> <reps>");
  process.exit(2);
}
