/**
 * Training films from the simulator, generated on the fly: film k of the pool is always
 * simulate(seed = trainSeedBase + k), rendered the first time a batch asks for it and cached,
 * so a batch depends only on (seed, step) — a resumed run sees exactly the films it would have.
 */
import type { PostureLike } from "../../shared/metrics/posture-error.js";
import { canonicalize } from "../../shared/report/index.js";
import { phantomConfig, simulate, type PhantomConfig } from "../data/phantom/index.js";
import { filmToTensor } from "../data/tensors/film-tensor.js";
import { resizeFilms } from "../rewards/film-resize.js";
import { encodeReport, type EncodedReport } from "./feeds.js";
import type { Tokenizer } from "./tokenizer.js";

const MIN_SIMULATOR_SIZE = 64;

export interface PoolFilm {
  pixels: Float32Array;
  report: EncodedReport;
  /** The film's posture ψ when its source knows it (the simulator's truth); else treated as upright. */
  posture?: PostureLike;
}

/** Where training films come from: `size` films, film(k) for 0 ≤ k < size, always the same. */
export interface FilmSource {
  readonly size: number;
  film(k: number): PoolFilm;
}

export class FilmPool implements FilmSource {
  private readonly cache = new Map<number, PoolFilm>();
  private readonly simulator: PhantomConfig;

  constructor(private readonly o: { size: number; pool: number; seedBase: number; tokenizer: Tokenizer }) {
    // The simulator renders 64 px and up; smaller (test) models get box-averaged films.
    this.simulator = phantomConfig({ size: Math.max(MIN_SIMULATOR_SIZE, o.size) });
  }

  get size(): number {
    return this.o.pool;
  }

  film(k: number): PoolFilm {
    let film = this.cache.get(k);
    if (!film) {
      const sample = simulate(this.simulator, this.o.seedBase + k);
      const pixels = resizeFilms(filmToTensor(sample.pixels), 1, sample.width, this.o.size);
      film = { pixels, report: encodeReport(this.o.tokenizer, canonicalize(sample.report)), posture: sample.truth.posture };
      this.cache.set(k, film);
    }
    return film;
  }
}
