/**
 * Report ↔ label agreement: the project's report parser reads each simulated report and its
 * CheXpert labels are compared with the simulator's ground-truth labels, per (sample, label) pair
 * (1 / 0 / −1 / blank must match exactly). Prints the disagreeing phrasings for the parser's
 * author, then one JSON line: {"agreement", "n", "perLabel", ...}.
 *
 *   npm run eval:phantom-reports [-- --count 2000 --seed 0 --examples 20]
 */
import { parseArgs } from "node:util";
import { integerOption, runScript } from "../batch-jobs/cli/options.js";
import { agreementReport } from "../batch-jobs/data/phantom/report/agreement.js";

function main(): void {
  const { values } = parseArgs({
    options: {
      count: { type: "string" },
      seed: { type: "string" },
      examples: { type: "string" },
    },
  });
  const count = integerOption("count", values.count, 2000, { min: 1, max: 10_000_000 });
  const seed = integerOption("seed", values.seed, 0, { min: 0, max: 2 ** 32 - 1 });
  const examples = integerOption("examples", values.examples, 20, { min: 0, max: 10_000 });
  const t0 = performance.now();
  const r = agreementReport(count, seed, examples);
  for (const d of r.disagreements) {
    console.log(`seed ${d.seed} · ${d.label}: simulator ${String(d.truth)} vs parser ${String(d.parsed)}\n  ${d.report.replace(/\n+/g, " | ")}`);
  }
  console.log(`per label: ${Object.entries(r.perLabel).map(([l, a]) => `${l} ${(a * 100).toFixed(2)}%`).join(", ")}`);
  console.log(JSON.stringify({ agreement: r.agreement, n: r.n, pairs: r.pairs, perLabel: r.perLabel, seconds: Math.round((performance.now() - t0) / 100) / 10 }));
}

await runScript("npm run eval:phantom-reports -- [--count 2000 --seed 0 --examples 20]", async () => main());
