/**
 * docs/judges.png: simulated films (and, with --real, three CC BY real films credited in
 * docs/phantom.md) with the judges' verdicts drawn on them: the predicted posture ψ̂ as the image
 * of the canonical frame and midline (cyan; the true ψ in yellow on simulated films), and under
 * each tile the predicted ψ̂, view and top findings.
 *
 *   npx tsx batch-jobs/rewards/figure.ts [--real ../shared/data/real-cxr] [--out docs/judges.png] [--registry file:///…/]
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { CHEXPERT_LABELS } from "../../shared/report/types.js";
import { canonicalToFilm, phantomConfig, simulate, type PhantomConfigInput, type Posture } from "../data/phantom/index.js";
import { decodeImageFile } from "../data/images/decode-image.js";
import { filmToTensor } from "../data/tensors/film-tensor.js";
import { ModelRegistry } from "../registry/model-registry.js";
import { openObjectStore } from "../storage/open-object-store.js";
import { imageToFilm } from "./film-source.js";
import { resizeFilms } from "./film-resize.js";
import { JudgeModels } from "./index.js";

const TILE = 256;
const LINES = 4;
const CELL_H = TILE + 8 + LINES * 15;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const REAL_FILMS = ["cae2c0a9.jpg", "f6575117.jpg", "b343e657.jpg"];
const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const still: NonNullable<PhantomConfigInput["posture"]> = { sx: [1, 1], sy: [1, 1], tx: [0, 0], ty: [0, 0], theta: [0, 0] };
const SIMULATED: { seed: number; overrides: PhantomConfigInput }[] = [
  { seed: 9_000_003, overrides: { posture: still } },
  { seed: 9_000_011, overrides: { posture: { ...still, theta: [0.22, 0.22] } } },
  { seed: 9_000_017, overrides: { posture: { ...still, theta: [-0.15, -0.15], tx: [0.08, 0.08] } } },
  { seed: 9_000_021, overrides: { posture: { ...still, sx: [0.85, 0.85], sy: [0.88, 0.88], ty: [-0.06, -0.06] } } },
  { seed: 9_000_004, overrides: {} },
  { seed: 9_000_005, overrides: {} },
  { seed: 9_000_008, overrides: {} },
  { seed: 9_000_009, overrides: {} },
];

function frameSvg(p: Posture, colour: string): string {
  const pt = (u: number, v: number) => {
    const [x, y] = canonicalToFilm(p, u, v);
    return `${((x + 0.5) * TILE).toFixed(1)},${((y + 0.5) * TILE).toFixed(1)}`;
  };
  const h = 0.42;
  return `<polygon fill="none" stroke="${colour}" stroke-width="1.5" points="${[pt(-h, -h), pt(h, -h), pt(h, h), pt(-h, h)].join(" ")}"/><polyline fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="4 3" points="${pt(0, -h)} ${pt(0, h)}"/>`;
}

const psiText = (p: Posture) => `s ${p.sx.toFixed(2)}/${p.sy.toFixed(2)} t ${p.tx.toFixed(2)}/${p.ty.toFixed(2)} θ ${((p.theta * 180) / Math.PI).toFixed(1)}°`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { real: { type: "string" }, out: { type: "string", default: path.join(REPO, "docs", "judges.png") }, registry: { type: "string" } } });
  const judges = await JudgeModels.load(new ModelRegistry(openObjectStore(values.registry ?? pathToFileURL(REPO + "/").href)), { intraOpThreads: 1 });
  const size = judges.size;
  const tiles: { display: Float32Array; side: number; film: Float32Array; truth: Posture | null; caption: string }[] = [];
  for (const s of SIMULATED) {
    const sample = simulate(phantomConfig({ ...s.overrides, size: 128 }), s.seed);
    const t = filmToTensor(sample.pixels);
    const drawn = Object.entries(sample.truth.labels).filter(([l, v]) => l !== "No Finding" && (v === 1 || v === -1)).map(([l]) => l);
    tiles.push({ display: t, side: 128, film: resizeFilms(t, 1, 128, size), truth: sample.truth.posture, caption: `SIM ${sample.truth.projection} · truth: ${drawn[0] ?? "no finding"}${drawn.length > 1 ? ` +${drawn.length - 1}` : ""}` });
  }
  if (values.real && existsSync(values.real)) {
    for (const file of REAL_FILMS) {
      const image = await decodeImageFile(path.join(values.real, "images", file));
      tiles.push({ display: imageToFilm(image, 256), side: 256, film: imageToFilm(image, size), truth: null, caption: `REAL (CC BY) ${file}` });
    }
  }
  const films = new Float32Array(tiles.length * size * size);
  tiles.forEach((t, i) => films.set(t.film, i * size * size));
  const v = await judges.judge(films, tiles.length, size);
  await judges.dispose();
  const cols = 4;
  const rows = Math.ceil(tiles.length / cols);
  const composites: sharp.OverlayOptions[] = [];
  for (let i = 0; i < tiles.length; i++) {
    const t = tiles[i]!;
    const x = (i % cols) * TILE;
    const y = Math.floor(i / cols) * CELL_H;
    const gray = Buffer.from(Array.from(t.display, (p) => Math.round(Math.min(1, Math.max(-1, p)) * 127.5 + 127.5)));
    composites.push({ input: await sharp(gray, { raw: { width: t.side, height: t.side, channels: 1 } }).resize(TILE, TILE).png().toBuffer(), left: x, top: y });
    const overlay = `${t.truth ? frameSvg(t.truth, "#fd4") : ""}${frameSvg(v.posture[i]!, "#3ef")}`;
    composites.push({ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${TILE}" height="${TILE}">${overlay}</svg>`), left: x, top: y });
    const top = CHEXPERT_LABELS.map((l, j) => [l, v.labels[i * 14 + j]!] as const).sort((a, b) => b[1] - a[1]).slice(0, 2);
    const lines = [
      t.caption,
      `judge ψ̂ ${psiText(v.posture[i]!)}`,
      `judge view ${v.projection[i]} ${v.position[i]} (P(AP) ${v.apProbability[i]!.toFixed(2)})`,
      `judge top: ${top.map(([l, p]) => `${l} ${p.toFixed(2)}`).join(", ")}`,
    ];
    const text = lines.map((l, k) => `<text x="4" y="${14 + k * 15}" font-family="DejaVu Sans, sans-serif" font-size="10" fill="${k === 0 ? "#fc8" : "#9fe"}">${escapeXml(l)}</text>`).join("");
    composites.push({ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${TILE}" height="${CELL_H - TILE}"><rect width="100%" height="100%" fill="black"/>${text}</svg>`), left: x, top: y + TILE });
  }
  await sharp({ create: { width: cols * TILE, height: rows * CELL_H, channels: 3, background: "#000" } }).composite(composites).png({ compressionLevel: 9 }).toFile(values.out);
  console.log(JSON.stringify({ figure: values.out, tiles: tiles.length }));
}

main().catch((err) => {
  console.error((err as Error).stack ?? String(err));
  process.exitCode = 1;
});
