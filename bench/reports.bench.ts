/**
 * Report parser throughput on one core: `npm run bench:reports [-- --iu <csv>] [--seconds 3]`.
 * Parses seeded synthetic reports of realistic length (MIMIC / IU styles, 400–900 characters)
 * and, when given, the IU reports. Ends with one JSON line.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { cpus } from "node:os";
import { createRng, type Rng } from "../shared/random.js";
import { parseReport, validateReport } from "../shared/report/index.js";
import { parseCsvRecords } from "../shared/report/io/csv.js";

const FINDINGS: readonly string[] = [
  "PA and lateral views of the chest were obtained.",
  "Portable AP upright view of the chest.",
  "The heart size is normal.",
  "Heart size is mildly enlarged.",
  "The cardiomediastinal silhouette is within normal limits.",
  "Mediastinal contours are unremarkable.",
  "The lungs are clear without focal consolidation.",
  "No focal airspace disease, pleural effusion or pneumothorax.",
  "There is a small left pleural effusion with adjacent atelectasis.",
  "Patchy opacity in the right lower lobe may represent pneumonia.",
  "Mild pulmonary vascular congestion without frank edema.",
  "Costophrenic angles are sharp.",
  "Endotracheal tube terminates 4 cm above the carina.",
  "Right internal jugular central venous catheter tip in the mid SVC.",
  "Left chest wall pacemaker with leads in the right atrium and ventricle.",
  "Median sternotomy wires are intact.",
  "Calcified granuloma in the left upper lobe.",
  "Degenerative changes of the thoracic spine.",
  "Old healed right rib fractures.",
  "There is a 1.2 x 1.5 cm nodule in the right upper lobe.",
  "Low lung volumes with bibasilar atelectasis.",
  "Possible small right pneumothorax cannot be excluded.",
  "Interval resolution of the left basilar consolidation.",
  "Moderate bilateral pleural effusions, larger on the right.",
];
const IMPRESSIONS: readonly string[] = [
  "No acute cardiopulmonary process.",
  "Findings suggestive of mild interstitial edema.",
  "Right lower lobe pneumonia.",
  "Stable cardiomegaly without pulmonary edema.",
  "Support devices in standard position.",
  "Small left effusion; atelectasis versus pneumonia at the left base.",
];

function syntheticReport(rng: Rng): string {
  const findings = Array.from({ length: 5 + rng.int(6) }, () => rng.pick(FINDINGS)).join(" ");
  const impression = Array.from({ length: 1 + rng.int(2) }, (_, i) => `${i + 1}. ${rng.pick(IMPRESSIONS)}`).join("\n");
  return `EXAMINATION: CHEST (PA AND LAT)\nINDICATION: ___-year-old with cough, evaluate for pneumonia.\nCOMPARISON: ___\nFINDINGS:\n${findings}\nIMPRESSION:\n${impression}`;
}

/**
 * Throughput per second of CPU time consumed by this process (process.cpuUsage), not wall
 * time: other sessions share the two cores, and CPU time is what one core would deliver alone.
 * Wall-clock throughput is reported alongside.
 */
function measure(texts: readonly string[], seconds: number, fn: (t: string) => unknown): { perCpuSecond: number; perWallSecond: number; n: number } {
  for (let i = 0; i < 3000; i++) fn(texts[i % texts.length]!); // warm-up: let the JIT settle
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let n = 0;
  let cpuMs = 0;
  while (cpuMs < seconds * 1000) {
    for (let i = 0; i < 50; i++) fn(texts[(n + i) % texts.length]!);
    n += 50;
    const cpu = process.cpuUsage(cpu0);
    cpuMs = (cpu.user + cpu.system) / 1000;
  }
  return { perCpuSecond: (n * 1000) / cpuMs, perWallSecond: (n * 1000) / (performance.now() - wall0), n };
}

function main(): void {
  let values: { iu?: string; seconds?: string };
  try {
    ({ values } = parseArgs({ options: { iu: { type: "string" }, seconds: { type: "string", default: "3" } }, strict: true }));
  } catch (e) {
    console.error(`bench:reports: ${(e as Error).message}\nUsage: npm run bench:reports -- [--seconds 3] [--iu <reports.csv>]`);
    process.exitCode = 2;
    return;
  }
  const seconds = Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    console.error("bench:reports: --seconds must be a positive number.");
    process.exitCode = 1;
    return;
  }
  const rng = createRng(20240601);
  const texts = Array.from({ length: 500 }, () => syntheticReport(rng));
  const meanChars = Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length);
  const parse = measure(texts, seconds, parseReport);
  const validate = measure(texts, seconds, validateReport);
  console.log(
    `synthetic reports (mean ${meanChars} chars), per CPU-second on one core: parseReport ${parse.perCpuSecond.toFixed(0)}/s, ` +
      `validateReport ${validate.perCpuSecond.toFixed(0)}/s (wall clock under current load: ${parse.perWallSecond.toFixed(0)}/s, ${validate.perWallSecond.toFixed(0)}/s; ` +
      `${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version})`,
  );
  const result: Record<string, unknown> = {
    parsePerSecond: Math.round(parse.perCpuSecond),
    validatePerSecond: Math.round(validate.perCpuSecond),
    parsePerWallSecond: Math.round(parse.perWallSecond),
    meanChars,
  };
  if (values.iu !== undefined && !existsSync(values.iu)) console.log(`IU reports skipped (file not found: ${values.iu}).`);
  if (values.iu !== undefined && existsSync(values.iu)) {
    const iu = parseCsvRecords(readFileSync(values.iu, "utf8")).map((r) =>
      [`INDICATION: ${r.indication ?? ""}`, `COMPARISON: ${r.comparison ?? ""}`, `FINDINGS: ${r.findings ?? ""}`, `IMPRESSION: ${r.impression ?? ""}`].join("\n"),
    );
    const iuParse = measure(iu, seconds, parseReport);
    console.log(`IU reports (${iu.length}): parseReport ${iuParse.perCpuSecond.toFixed(0)}/s per CPU-second`);
    result.iuParsePerSecond = Math.round(iuParse.perCpuSecond);
  }
  console.log(JSON.stringify(result));
}

main();
