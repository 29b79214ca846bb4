/**
 * Documentation figures: docs/phantom.png (labelled simulated films across findings and
 * postures, next to a few real CC BY films) and docs/phantom-histograms.png (intensity
 * histograms, simulated vs real). Real films come only from covid-ccby-metadata.csv rows (CC BY /
 * CC BY-SA); without --real (or when the folder is absent) the real column is skipped.
 *
 *   npx tsx batch-jobs/data/phantom/figure.ts --real ../shared/data/real-cxr --out docs
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { PHANTOM_FINDINGS, phantomConfig, type PhantomConfigInput, type PhantomFinding } from "./config.js";
import { simulate } from "./simulate.js";

const TILE = 256;
/** Three label lines in a strip under each tile (never over the film). */
const LABEL_HEIGHT = 16 + 3 * 15;
const CELL = TILE + LABEL_HEIGHT;

/** Real films shown in the figure: CC BY rows of covid-ccby-metadata.csv (credited in docs/phantom.md). */
const REAL_FILMS = ["cae2c0a9.jpg", "f6575117.jpg", "b343e657.jpg"];

interface TileSpec {
  finding: PhantomFinding | null;
  seed: number;
  overrides?: PhantomConfigInput;
}

const identity: NonNullable<PhantomConfigInput["posture"]> = { sx: [1, 1], sy: [1, 1], tx: [0, 0], ty: [0, 0], theta: [0, 0] };

const TILES: TileSpec[] = [
  { finding: null, seed: 3, overrides: { posture: identity } },
  { finding: null, seed: 8, overrides: { views: { PA: 0, AP: 1 }, apPosition: { erect: 0, semiErect: 0, supine: 1 } } },
  { finding: null, seed: 5, overrides: { posture: { theta: [0.14, 0.14], sx: [0.9, 0.9], tx: [0.06, 0.06] } } },
  { finding: "Cardiomegaly", seed: 4, overrides: { findings: { severity: { small: 0, moderate: 0, large: 1 } } } },
  { finding: "Enlarged Cardiomediastinum", seed: 2 },
  { finding: "Pleural Effusion", seed: 3, overrides: { findings: { severity: { small: 0, moderate: 1, large: 0 } } } },
  { finding: "Pneumothorax", seed: 2, overrides: { findings: { severity: { small: 0, moderate: 0, large: 1 } } } },
  { finding: "Consolidation", seed: 2 },
  { finding: "Edema", seed: 1, overrides: { findings: { severity: { small: 0, moderate: 1, large: 0 } } } },
  { finding: "Atelectasis", seed: 3 },
  { finding: "Lung Lesion", seed: 7 },
  { finding: "Support Devices", seed: 2 },
];

function configFor(t: TileSpec) {
  const prevalence = Object.fromEntries(PHANTOM_FINDINGS.map((f) => [f, f === t.finding ? 1 : 0]));
  const o = t.overrides ?? {};
  return phantomConfig({
    size: TILE,
    views: { PA: 1, AP: 0 },
    ...o,
    findings: { normalRate: t.finding === null ? 1 : 0, prevalence, cooccurrence: [], uncertainRate: 0, ...(o.findings ?? {}) },
  });
}

const escapeXml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function labelSvg(lines: string[], width: number, colour: string): Buffer {
  const text = lines
    .map((l, i) => `<text x="6" y="${16 + i * 15}" font-family="DejaVu Sans, sans-serif" font-size="13" fill="${colour}">${escapeXml(l)}</text>`)
    .join("");
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${16 + lines.length * 15}"><rect width="100%" height="100%" fill="black"/>${text}</svg>`);
}

async function gray8(pixels: Uint16Array, size: number): Promise<Buffer> {
  const buf = Buffer.alloc(size * size);
  for (let i = 0; i < buf.length; i++) buf[i] = pixels[i]! >> 8;
  return buf;
}

/** A real film as TILE×TILE 8-bit grey (aspect kept, letterboxed). */
async function realTile(file: string): Promise<Buffer> {
  return sharp(file).grayscale().resize(TILE, TILE, { fit: "contain", background: "#000" }).raw().toBuffer();
}

function histogram(bytes: Buffer | Uint8Array, into: Float64Array): void {
  for (const b of bytes) into[b]! += 1;
}

function histogramSvg(series: Array<{ name: string; colour: string; hist: Float64Array }>, width: number, height: number): Buffer {
  const pad = 40;
  let ymax = 0;
  const norm = series.map((s) => {
    const total = s.hist.reduce((a, b) => a + b, 0) || 1;
    const h = Array.from(s.hist, (v) => v / total);
    for (const v of h.slice(1, 255)) ymax = Math.max(ymax, v); // ignore the clipped end bins for scale
    return h;
  });
  const lines = series
    .map((s, k) => {
      const pts = norm[k]!.map((v, i) => `${(pad + (i / 255) * (width - 2 * pad)).toFixed(1)},${(height - pad - (Math.min(v, ymax) / ymax) * (height - 2 * pad)).toFixed(1)}`).join(" ");
      return `<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${pts}"/><text x="${width - 250}" y="${30 + k * 18}" font-family="DejaVu Sans, sans-serif" font-size="14" fill="${s.colour}">${escapeXml(s.name)}</text>`;
    })
    .join("");
  const axis = `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#888"/><text x="${pad}" y="${height - 12}" font-family="DejaVu Sans, sans-serif" font-size="12" fill="#ccc">0 (black)</text><text x="${width - pad - 70}" y="${height - 12}" font-family="DejaVu Sans, sans-serif" font-size="12" fill="#ccc">255 (white)</text><text x="${pad}" y="20" font-family="DejaVu Sans, sans-serif" font-size="14" fill="#eee">Pixel intensity histograms (8-bit, whole film, normalised)</text>`;
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#111"/>${axis}${lines}</svg>`);
}

function describeTile(t: TileSpec, s: ReturnType<typeof simulate>): string[] {
  const tr = s.truth;
  const first = t.finding === null ? "No finding" : t.finding;
  const extra: string[] = [];
  if (t.finding) {
    if (tr.laterality[t.finding]) extra.push(tr.laterality[t.finding]!);
    if (tr.severity[t.finding]) extra.push(tr.severity[t.finding]!);
    if (t.finding === "Cardiomegaly") extra.push(`CTR ${Number(tr.details.ctr).toFixed(2)}`);
    if (t.finding === "Support Devices") extra.push(String(tr.details.devices).replace(/endotracheal tube/, "ETT").replace(/nasogastric tube/, "NG").replace(/central line/, "CVC"));
  }
  const p = tr.posture;
  return [
    `SIM ${tr.projection}${tr.position === "supine" ? " supine" : ""}: ${first}`,
    extra.join(", ") || " ",
    `θ=${((p.theta * 180) / Math.PI).toFixed(1)}° s=${p.sx.toFixed(2)}/${p.sy.toFixed(2)}`,
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { real: { type: "string" }, out: { type: "string", default: "docs" }, histogramSamples: { type: "string", default: "200" } } });
  const out = values.out!;
  const realDir = values.real && existsSync(path.join(values.real, "covid-ccby-metadata.csv")) ? values.real : null;
  if (values.real && !realDir) console.log(`figure: no covid-ccby-metadata.csv under ${values.real}; skipping the real column`);

  const composites: sharp.OverlayOptions[] = [];
  const cols = 4, simRows = Math.ceil(TILES.length / cols);
  for (let i = 0; i < TILES.length; i++) {
    const t = TILES[i]!;
    const s = simulate(configFor(t), t.seed);
    const x = (i % cols) * TILE, y = Math.floor(i / cols) * CELL;
    composites.push({ input: await sharp(await gray8(s.pixels, TILE), { raw: { width: TILE, height: TILE, channels: 1 } }).png().toBuffer(), left: x, top: y });
    composites.push({ input: labelSvg(describeTile(t, s), TILE, "#9fe"), left: x, top: y + TILE });
  }
  let width = cols * TILE;
  const realMeta: Array<Record<string, string>> = [];
  if (realDir) {
    const csv = readFileSync(path.join(realDir, "covid-ccby-metadata.csv"), "utf8");
    const rows = parseCsv(csv);
    for (let k = 0; k < REAL_FILMS.length; k++) {
      const row = rows.find((r) => r.filename === REAL_FILMS[k]);
      if (!row || !/CC BY/.test(row.license ?? "")) continue;
      const file = path.join(realDir, row.folder ?? "images", row.filename!);
      if (!existsSync(file)) continue;
      realMeta.push(row);
      const tile = await realTile(file);
      composites.push({ input: await sharp(tile, { raw: { width: TILE, height: TILE, channels: 1 } }).png().toBuffer(), left: width, top: k * CELL });
      composites.push({ input: labelSvg([`REAL ${row.view}: ${row.finding}`, `${row.license}`, row.filename!], TILE, "#fc8"), left: width, top: k * CELL + TILE });
    }
    width += TILE;
  }
  await sharp({ create: { width, height: simRows * CELL, channels: 3, background: "#000" } })
    .composite(composites)
    .png()
    .toFile(path.join(out, "phantom.png"));
  console.log(`wrote ${path.join(out, "phantom.png")} (${width}×${simRows * CELL})`);

  // Histograms: default-config simulated films vs every CC BY frontal real film.
  const simHist = new Float64Array(256);
  const cfg = phantomConfig({ size: TILE });
  const n = Number(values.histogramSamples);
  for (let s = 0; s < n; s++) histogram(await gray8(simulate(cfg, 10_000 + s).pixels, TILE), simHist);
  const series = [{ name: `simulated (n=${n})`, colour: "#5cf", hist: simHist }];
  const stats: Record<string, unknown> = { simulated: summarise(simHist) };
  if (realDir) {
    const realHist = new Float64Array(256);
    const rows = parseCsv(readFileSync(path.join(realDir, "covid-ccby-metadata.csv"), "utf8")).filter((r) => /CC BY/.test(r.license ?? ""));
    let count = 0;
    for (const r of rows) {
      const file = path.join(realDir, r.folder ?? "images", r.filename ?? "");
      if (!r.filename || !existsSync(file)) continue;
      try {
        histogram(await sharp(file).grayscale().resize(TILE, TILE, { fit: "fill" }).raw().toBuffer(), realHist);
        count++;
      } catch {
        // unreadable file: leave it out of the histogram
      }
    }
    series.push({ name: `real CC BY films (n=${count})`, colour: "#fa6", hist: realHist });
    stats.real = summarise(realHist);
  }
  await sharp(histogramSvg(series, 900, 420)).png().toFile(path.join(out, "phantom-histograms.png"));
  console.log(`wrote ${path.join(out, "phantom-histograms.png")}`);
  for (const r of realMeta) console.log(`credit: ${r.filename} · ${r.license} · ${r.url} · doi ${r.doi || "-"}`);
  console.log(JSON.stringify({ figure: "phantom", tiles: TILES.length, realTiles: realMeta.length, stats }));
}

function summarise(h: Float64Array): { mean: number; std: number; p5: number; p50: number; p95: number } {
  const total = h.reduce((a, b) => a + b, 0);
  let mean = 0;
  for (let i = 0; i < 256; i++) mean += (i * h[i]!) / total;
  let v = 0;
  for (let i = 0; i < 256; i++) v += ((i - mean) ** 2 * h[i]!) / total;
  const pct = (p: number): number => {
    let acc = 0;
    for (let i = 0; i < 256; i++) {
      acc += h[i]!;
      if (acc >= p * total) return i;
    }
    return 255;
  };
  return { mean: Math.round(mean * 10) / 10, std: Math.round(Math.sqrt(v) * 10) / 10, p5: pct(0.05), p50: pct(0.5), p95: pct(0.95) };
}

/** Minimal RFC 4180 CSV (quotes, embedded commas and newlines) into records keyed by header. */
function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\n") row.push(field.replace(/\r$/, "")), rows.push(row), (row = []), (field = "");
    else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ""])));
}

main().catch((e: unknown) => {
  console.error(`figure: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
