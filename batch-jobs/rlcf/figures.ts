/**
 * Pictures of a fine-tune: the rewards per epoch (policy vs anchor, one panel per goal, plus the
 * combined comparative reward and the win rate), and a side-by-side grid of anchor and fine-tuned
 * films for the same reports and initial noise. SVG rasterised by sharp.
 */
import sharp from "sharp";
import { filmGridPng } from "../generator/preview.js";
import { REWARD_KEYS } from "./comparative-reward.js";
import type { EpochRecord } from "./finetune-run.js";

const W = 300;
const H = 170;
const PAD = 34;

interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

function panel(title: string, series: Series[], x0: number, y0: number): string {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const [lo, hi] = all.length ? [Math.min(...all), Math.max(...all)] : [0, 1];
  const span = hi - lo || 1;
  const n = Math.max(2, ...series.map((s) => s.values.length));
  const px = (i: number) => x0 + PAD + (i / (n - 1)) * (W - PAD - 8);
  const py = (v: number) => y0 + 22 + (1 - (v - lo) / span) * (H - 44);
  const lines = series.map((s) => {
    const pts = s.values.map((v, i) => (v === null ? null : `${px(i).toFixed(1)},${py(v).toFixed(1)}`)).filter(Boolean).join(" ");
    return `<polyline fill="none" stroke="${s.color}" stroke-width="1.6" points="${pts}"/>`;
  });
  const legend = series.map((s, i) => `<text x="${x0 + W - 8}" y="${y0 + 14 + i * 12}" text-anchor="end" font-size="10" fill="${s.color}">${s.label}</text>`);
  return [
    `<rect x="${x0}" y="${y0}" width="${W}" height="${H}" fill="white" stroke="#ccc"/>`,
    `<text x="${x0 + 6}" y="${y0 + 14}" font-size="11" font-weight="bold">${title}</text>`,
    `<text x="${x0 + 4}" y="${y0 + 26}" font-size="9" fill="#555">${hi.toFixed(3)}</text>`,
    `<text x="${x0 + 4}" y="${y0 + H - 22}" font-size="9" fill="#555">${lo.toFixed(3)}</text>`,
    `<text x="${x0 + W / 2}" y="${y0 + H - 6}" font-size="9" text-anchor="middle" fill="#555">epoch 1 … ${n}</text>`,
    ...lines,
    ...legend,
  ].join("");
}

export async function rewardCurvesPng(history: readonly EpochRecord[], title: string): Promise<Buffer> {
  const panels = REWARD_KEYS.map((k) => panel(`r_${k}`, [
    { label: "fine-tuned", values: history.map((r) => r.model[k]), color: "#c0392b" },
    { label: "anchor", values: history.map((r) => r.anchor[k]), color: "#555" },
  ], 0, 0));
  panels.push(panel("combined", [
    { label: "Σ w·reward (optimised)", values: history.map((r) => r.reward), color: "#c0392b" },
    { label: "win rate vs anchor", values: history.map((r) => r.winRate), color: "#2471a3" },
  ], 0, 0));
  const placed = panels.map((p, i) => `<g transform="translate(${(i % 2) * (W + 10)},${24 + Math.floor(i / 2) * (H + 10)})">${p}</g>`);
  const width = 2 * W + 10;
  const height = 24 + 2 * (H + 10);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/><text x="4" y="16" font-size="13" font-weight="bold">${title}</text>${placed.join("")}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Rows = reports; columns = anchor, fine-tuned (same report and x_T), upscaled for the eye. */
export async function sideBySidePng(anchor: Float32Array, tuned: Float32Array, count: number, size: number, scale = 3): Promise<Buffer> {
  const films = new Float32Array(2 * count * size * size);
  for (let i = 0; i < count; i++) {
    films.set(anchor.subarray(i * size * size, (i + 1) * size * size), 2 * i * size * size);
    films.set(tuned.subarray(i * size * size, (i + 1) * size * size), (2 * i + 1) * size * size);
  }
  const grid = filmGridPng(films, 2 * count, size, 2);
  const meta = await sharp(grid).metadata();
  return sharp(grid).resize(meta.width! * scale, meta.height! * scale, { kernel: "nearest" }).png().toBuffer();
}
