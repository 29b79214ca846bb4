/**
 * Sanity check on real frontal films (../shared/data/real-cxr; no training on them): the judges'
 * ψ and view on each, compared with the view the metadata states, and what the classifier says.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseCsvRecords } from "../../shared/report/io/csv.js";
import { CHEXPERT_LABELS } from "../../shared/report/types.js";
import { decodeImageFile } from "../../batch-jobs/data/images/decode-image.js";
import type { JudgeModels } from "../../batch-jobs/rewards/index.js";
import { imageToFilm } from "../../batch-jobs/rewards/film-source.js";
import { POSTURE_KEYS } from "../../batch-jobs/rewards/targets.js";

export interface RealFilm {
  file: string;
  view: "PA" | "AP" | null;
  finding: string;
}

export function realFilmList(root: string): RealFilm[] {
  const out: RealFilm[] = [];
  const covid = path.join(root, "covid-ccby-metadata.csv");
  if (existsSync(covid)) {
    for (const r of parseCsvRecords(readFileSync(covid, "utf8"))) {
      const view = r["view"]?.startsWith("AP") ? "AP" : r["view"] === "PA" ? "PA" : null;
      out.push({ file: path.join(root, r["folder"] ?? "images", r["filename"]!), view, finding: r["finding"] ?? "" });
    }
  }
  const txv = path.join(root, "txv-test-labels.csv");
  if (existsSync(txv)) {
    for (const r of parseCsvRecords(readFileSync(txv, "utf8"))) {
      const view = r["view"]?.startsWith("PA") ? "PA" : r["view"]?.startsWith("AP") ? "AP" : null;
      out.push({ file: path.join(root, r["file"]!), view, finding: r["labels"] ?? "" });
    }
  }
  return out.filter((f) => existsSync(f.file));
}

export async function judgeRealFilms(judges: JudgeModels, films: RealFilm[]) {
  const size = judges.size;
  const decoded: { film: RealFilm; tensor: Float32Array }[] = [];
  const failures: string[] = [];
  for (const film of films) {
    try {
      decoded.push({ film, tensor: imageToFilm(await decodeImageFile(film.file), size) });
    } catch (err) {
      failures.push(`${path.basename(film.file)}: ${(err as Error).message}`);
    }
  }
  const all = new Float32Array(decoded.length * size * size);
  decoded.forEach((d, i) => all.set(d.tensor, i * size * size));
  const v = await judges.judge(all, decoded.length, size);
  const stats = (xs: number[]) => {
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    return { mean: m, sd: Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length), min: Math.min(...xs), max: Math.max(...xs) };
  };
  const psi = Object.fromEntries(POSTURE_KEYS.map((k) => [k, stats(v.posture.map((p) => p[k]))]));
  const withView = decoded.map((d, i) => ({ truth: d.film.view, predicted: v.projection[i]! })).filter((x) => x.truth !== null);
  const meanProbability = Object.fromEntries(CHEXPERT_LABELS.map((l, j) => [l, decoded.reduce((s, _, i) => s + v.labels[i * 14 + j]!, 0) / decoded.length]));
  const perFilm = decoded.map((d, i) => ({
    file: path.basename(d.film.file),
    view: d.film.view,
    finding: d.film.finding,
    predictedView: v.projection[i]!,
    apProbability: v.apProbability[i]!,
    posture: v.posture[i]!,
    top: CHEXPERT_LABELS.map((l, j) => [l, v.labels[i * 14 + j]!] as const).sort((a, b) => b[1] - a[1]).slice(0, 3),
  }));
  return {
    films: decoded.length,
    failures,
    psi,
    viewAgreement: withView.filter((x) => x.truth === x.predicted).length / Math.max(1, withView.length),
    viewSupport: withView.length,
    predictedAp: v.projection.filter((p) => p === "AP").length / decoded.length,
    meanProbability,
    perFilm,
  };
}
