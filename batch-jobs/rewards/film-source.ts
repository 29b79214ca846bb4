/**
 * Films to score, from a dataset folder in the project's format (batch-jobs/data/dataset/) or
 * from the simulator: decoded, converted to the tensor convention and resized to the judges' side.
 */
import { fileURLToPath } from "node:url";
import { readDataset, readManifest } from "../data/dataset/dataset-reader.js";
import { decodeImageFile } from "../data/images/decode-image.js";
import type { GrayImage } from "../data/images/gray-image.js";
import type { PhantomConfigInput } from "../data/phantom/index.js";
import { filmToTensor } from "../data/tensors/film-tensor.js";
import type { FilmSet } from "./evaluate-films.js";
import { renderFilmBank } from "./film-bank.js";
import { resizeFilms } from "./film-resize.js";

/** Any grey image → [-1, 1] tensor at `size` (widening 8/12-bit samples to 16 bits first). */
export function imageToFilm(image: GrayImage, size: number): Float32Array {
  const widen = 65535 / (2 ** image.bitDepth - 1);
  const pixels16 = new Uint16Array(image.pixels.length);
  for (let i = 0; i < pixels16.length; i++) pixels16[i] = Math.round(image.pixels[i]! * widen);
  let tensor = filmToTensor(pixels16);
  if (image.width !== image.height) tensor = centreSquare(tensor, image.width, image.height);
  return resizeFilms(tensor, 1, Math.min(image.width, image.height), size);
}

function centreSquare(t: Float32Array, w: number, h: number): Float32Array {
  const s = Math.min(w, h);
  const [x0, y0] = [Math.floor((w - s) / 2), Math.floor((h - s) / 2)];
  const out = new Float32Array(s * s);
  for (let y = 0; y < s; y++) out.set(t.subarray((y0 + y) * w + x0, (y0 + y) * w + x0 + s), y * s);
  return out;
}

export async function datasetFilms(uri: string, size: number, limit = Infinity, onImage?: (done: number, total: number) => void): Promise<FilmSet> {
  if (!uri.startsWith("file://")) throw new Error(`dataset sources must be file:/// folders in this release (got ${uri}); copy the dataset locally first`);
  const root = fileURLToPath(uri);
  const total = Math.min(limit, (await readManifest(root)).length);
  const films: Float32Array[] = [];
  const ids: string[] = [];
  const reports: string[] = [];
  const truePosture: FilmSet["truePosture"] = [];
  for await (const record of readDataset(root, { verify: "exists" })) {
    if (ids.length >= limit) break;
    films.push(imageToFilm(await decodeImageFile(record.imagePath), size));
    ids.push(record.id);
    reports.push(record.report);
    truePosture.push(record.manifest.posture);
    onImage?.(ids.length, total);
  }
  if (ids.length === 0) throw new Error(`dataset ${uri} has no images`);
  const all = new Float32Array(ids.length * size * size);
  films.forEach((f, i) => all.set(f, i * size * size));
  return { films: all, count: ids.length, size, ids, reports, truePosture };
}

export function phantomFilms(count: number, firstSeed: number, size: number, simulator?: PhantomConfigInput): FilmSet {
  const bank = renderFilmBank({ count, size, firstSeed, simulator });
  return { films: bank.pixels, count, size, ids: bank.seeds.map((s) => `phantom-${s}`), reports: bank.reports, truePosture: bank.truths.map((t) => t.posture) };
}
