/**
 * Training films from a user's own data: a dataset folder of this platform's format or a
 * MIMIC-CXR-JPG root (the readers in ../data/dataset/). Frontal views only; each image is
 * centre-cropped to a square and resized to the model's side; each report is canonicalised and
 * encoded like any request. Read once, up front (a 64 px film is 16 KiB: 100k films ≈ 1.6 GB).
 */
import { canonicalize, validateReport } from "../../shared/report/index.js";
import { decodeImageFile } from "../data/images/decode-image.js";
import type { GrayImage } from "../data/images/gray-image.js";
import type { ImageReportRecord } from "../data/dataset/image-report-record.js";
import { filmToTensor } from "../data/tensors/film-tensor.js";
import { resizeFilms } from "../rewards/film-resize.js";
import { encodeReport } from "./feeds.js";
import type { FilmSource, PoolFilm } from "./film-pool.js";
import type { Tokenizer } from "./tokenizer.js";

export interface RecordFilmsResult {
  source: FilmSource;
  /** Records left out, with why (lateral view, unusable report). */
  skipped: { id: string; reason: string }[];
}

export async function recordFilmSource(records: Iterable<ImageReportRecord> | AsyncIterable<ImageReportRecord>, o: { size: number; tokenizer: Tokenizer }): Promise<RecordFilmsResult> {
  const films: PoolFilm[] = [];
  const skipped: RecordFilmsResult["skipped"] = [];
  for await (const r of records) {
    if (r.view === "lateral") {
      skipped.push({ id: r.id, reason: "lateral view (the generator draws frontal films)" });
      continue;
    }
    const checked = validateReport(r.report);
    if (!checked.ok) {
      skipped.push({ id: r.id, reason: `report unusable: ${checked.errors.map((e) => e.code).join(", ")}` });
      continue;
    }
    films.push({ pixels: squareFilm(await decodeImageFile(r.imagePath), o.size), report: encodeReport(o.tokenizer, canonicalize(r.report)) });
  }
  return { source: { size: films.length, film: (k) => films[k]! }, skipped };
}

/** Centre square of the image, widened to 16 bits, resized to `size`. */
export function squareFilm(image: GrayImage, size: number): Float32Array {
  const side = Math.min(image.width, image.height);
  const [x0, y0] = [Math.floor((image.width - side) / 2), Math.floor((image.height - side) / 2)];
  const scale = 65535 / (2 ** image.bitDepth - 1);
  const square = new Uint16Array(side * side);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) square[y * side + x] = Math.round(image.pixels[(y0 + y) * image.width + x0 + x]! * scale);
  return resizeFilms(filmToTensor(square), 1, side, size);
}
