/**
 * Evaluates the report parser on an Indiana University reports CSV against the curators' MeSH
 * terms (positive findings only). Usage:
 *   npm run eval:reports -- --iu ../shared/data/iu-reports/dev.csv [--show-errors "Lung Opacity"]
 * Uncertain parses count as positive ("mention" reading; the strict reading is printed too).
 * Ends with one JSON line of headline figures; skips cleanly when the file is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseReport, validateReport, type ChexpertLabel } from "../shared/report/index.js";
import { parseCsv, parseCsvRecords, CsvError } from "../shared/report/io/csv.js";
import { MESH_COVERED_LABELS, isUnindexed, meshLabels } from "./reports/mesh-to-chexpert.js";
import { round3, scores, sumCounts, type Counts } from "./reports/metrics.js";

function main(): void {
  let values: { iu?: string; "show-errors"?: string };
  try {
    ({ values } = parseArgs({ options: { iu: { type: "string" }, "show-errors": { type: "string" } }, strict: true }));
  } catch (e) {
    console.error(`eval:reports: ${(e as Error).message}\nUsage: npm run eval:reports -- --iu <reports.csv> [--show-errors "<CheXpert label>"]`);
    process.exitCode = 2;
    return;
  }
  const path = values.iu;
  if (path === undefined || !existsSync(path)) {
    const reason = path === undefined ? "no --iu <path> given" : `file not found: ${path}`;
    console.log(`eval:reports skipped (${reason}).`);
    console.log(JSON.stringify({ skipped: true, reason }));
    return;
  }
  let rows: Array<Record<string, string>>;
  try {
    rows = parseCsvRecords(readFileSync(path, "utf8"));
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    console.error(`eval:reports: ${path} is not a valid CSV: ${e.message}`);
    process.exitCode = 1;
    return;
  }
  const required = ["uid", "findings", "impression", "mesh_major"];
  const header = parseCsv(readFileSync(path, "utf8").split(/\r?\n/, 1)[0] ?? "")[0] ?? [];
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0 || rows.length === 0) {
    const problem = missing.length > 0 ? `lacks the column(s) ${missing.join(", ")}` : "has no report rows";
    console.error(`eval:reports: ${path} ${problem}; expected the IU reports layout (uid, ..., findings, impression, mesh_major).`);
    process.exitCode = 1;
    return;
  }

  const labels = MESH_COVERED_LABELS.filter((l) => l !== "No Finding");
  const loose = new Map<ChexpertLabel, Counts>();
  const strict = new Map<ChexpertLabel, Counts>();
  for (const l of MESH_COVERED_LABELS) {
    loose.set(l, { tp: 0, fp: 0, fn: 0 });
    strict.set(l, { tp: 0, fp: 0, fn: 0 });
  }
  const phiKinds: Record<string, number> = {};
  let phiFlagged = 0;
  let notChest = 0;
  let scored = 0;
  let parseMs = 0;
  const show = values["show-errors"] as ChexpertLabel | undefined;

  for (const row of rows) {
    const text = reportText(row);
    const validation = validateReport(text);
    if (!validation.ok) {
      for (const e of validation.errors) {
        if (e.code === "report_contains_phi") {
          phiFlagged++;
          for (const s of e.spans ?? []) phiKinds[s.kind] = (phiKinds[s.kind] ?? 0) + 1;
        }
        if (e.code === "report_not_chest_radiograph") notChest++;
      }
    }
    const t0 = performance.now();
    const parsed = parseReport(text);
    parseMs += performance.now() - t0;
    if (isUnindexed(row.mesh_major ?? "")) continue;
    scored++;
    const gold = meshLabels(row.mesh_major ?? "");
    for (const l of MESH_COVERED_LABELS) {
      const v = parsed.labels[l];
      tally(loose.get(l)!, v === 1 || v === -1, gold.has(l));
      tally(strict.get(l)!, v === 1, gold.has(l));
      if (show === l && (v === 1 || v === -1) !== gold.has(l)) {
        const kind = gold.has(l) ? "FN" : "FP";
        const ev = parsed.observations[l].mentions.map((m) => `${m.status}:"${text.slice(m.span.start, m.span.end)}"`).join(" ");
        console.log(`${kind} uid=${row.uid} mesh=[${row.mesh_major}] ev=${ev}\n   ${text.replace(/\s+/g, " ").slice(0, 600)}`);
      }
    }
  }

  console.log(`IU reports: ${rows.length} rows, ${scored} with MeSH indexing; uncertain counted as positive.`);
  console.log("label                       P      R      F1   support  (strict F1)");
  const perLabel: Record<string, { p: number; r: number; f1: number; n: number }> = {};
  for (const l of MESH_COVERED_LABELS) {
    const s = scores(loose.get(l)!);
    const st = scores(strict.get(l)!);
    perLabel[l] = { p: round3(s.precision), r: round3(s.recall), f1: round3(s.f1), n: s.support };
    console.log(`${l.padEnd(26)} ${fmt(s.precision)} ${fmt(s.recall)} ${fmt(s.f1)} ${String(s.support).padStart(7)}  (${fmt(st.f1)})`);
  }
  const micro = scores(sumCounts(labels.map((l) => loose.get(l)!)));
  const microStrict = scores(sumCounts(labels.map((l) => strict.get(l)!)));
  const microAll = scores(sumCounts(MESH_COVERED_LABELS.map((l) => loose.get(l)!)));
  const noFinding = scores(loose.get("No Finding")!);
  const phiFlagRate = phiFlagged / rows.length;
  const notChestRate = notChest / rows.length;
  console.log(`micro-F1 (findings, excl. No Finding): ${fmt(micro.f1)}  strict: ${fmt(microStrict.f1)}  incl. No Finding: ${fmt(microAll.f1)}`);
  console.log(`No Finding F1: ${fmt(noFinding.f1)}`);
  console.log(`PHI flagged: ${phiFlagged}/${rows.length} (${(100 * phiFlagRate).toFixed(2)}%) by kind ${JSON.stringify(phiKinds)}`);
  console.log(`not-chest flagged: ${notChest}/${rows.length} (${(100 * notChestRate).toFixed(2)}%)`);
  console.log(`parse time: ${(parseMs / rows.length).toFixed(3)} ms/report`);
  console.log(
    JSON.stringify({
      n: rows.length,
      scored,
      microF1: round3(micro.f1),
      microF1Strict: round3(microStrict.f1),
      microF1WithNoFinding: round3(microAll.f1),
      noFindingF1: round3(noFinding.f1),
      perLabel,
      phiFlagRate: round3(phiFlagRate),
      notChestRate: round3(notChestRate),
      msPerReport: round3(parseMs / rows.length),
    }),
  );
}

function reportText(row: Record<string, string>): string {
  const parts: string[] = [];
  for (const [header, column] of [["INDICATION", "indication"], ["COMPARISON", "comparison"], ["FINDINGS", "findings"], ["IMPRESSION", "impression"]] as const) {
    const value = (row[column] ?? "").trim();
    if (value.length > 0) parts.push(`${header}: ${value}`);
  }
  return parts.join("\n");
}

function tally(c: Counts, predicted: boolean, gold: boolean): void {
  if (predicted && gold) c.tp++;
  else if (predicted) c.fp++;
  else if (gold) c.fn++;
}

const fmt = (x: number) => x.toFixed(3).padStart(6);

main();
