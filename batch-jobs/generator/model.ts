/**
 * A loaded generator: tokenizer, schedule and ONNX sessions (encoder, denoiser) for the batch sizes
 * it was compiled for; `sample` turns canonical reports + seeds into films. Sessions are created
 * once per batch size and disposed together. Reports are padded up to the nearest compiled batch.
 */
import { Runtime, type NamedTensors, type Provider } from "../ml/index.js";
import type { CanonicalReport } from "../../shared/report/types.js";
import type { Architecture } from "./config.js";
import { aceFeeds, conditionFeeds, encodeReport } from "./feeds.js";
import { sampleDdim, type SampleResult, type SamplerSettings } from "./sampler.js";
import { cosineAlphaBar } from "./schedule.js";
import type { Tokenizer } from "./tokenizer.js";

/** ONNX bytes of the two graphs compiled for one batch size (weights as inputs or initializers). */
export interface CompiledPair {
  encoder: Uint8Array;
  denoiser: Uint8Array;
}

export interface SessionOptions {
  provider?: Provider;
  intraOpThreads?: number;
}

interface Sessions {
  encoder: Runtime;
  denoiser: Runtime;
}

export interface SampleOptions {
  keepTrajectory?: boolean;
  onStep?: (done: number, total: number) => void;
  /** Hide the report text and condition on the parsed condition tokens alone, as 30 % of training
   * films were (an evaluation probe; what the platform serves always shows the text). */
  conditionOnly?: boolean;
}

export class GeneratorModel {
  private readonly alphaBar = cosineAlphaBar();
  private readonly sessions = new Map<number, Promise<Sessions>>();
  readonly batchSizes: number[];

  constructor(
    readonly architecture: Architecture,
    readonly tokenizer: Tokenizer,
    private readonly graphs: Map<number, CompiledPair>,
    /** Fed with every run when the graphs take their weights as inputs; {} when baked in. */
    private readonly weights: NamedTensors,
    private readonly options: SessionOptions = {},
  ) {
    this.batchSizes = [...graphs.keys()].sort((a, b) => a - b);
  }

  get maxBatch(): number {
    return this.batchSizes[this.batchSizes.length - 1]!;
  }

  /** One film per (report, seed); any count (split into compiled batches). */
  async sample(reports: readonly CanonicalReport[], seeds: readonly number[], settings: SamplerSettings, o: SampleOptions = {}): Promise<SampleResult> {
    if (reports.length !== seeds.length) throw new RangeError(`sample: ${reports.length} reports but ${seeds.length} seeds`);
    if (o.keepTrajectory && reports.length > this.maxBatch) throw new RangeError(`sample: a trajectory covers one batch; ask for at most ${this.maxBatch} films with keepTrajectory`);
    const n = this.architecture.size ** 2;
    const films = new Float32Array(reports.length * n);
    const trajectories: NonNullable<SampleResult["trajectory"]>[] = [];
    for (let start = 0; start < reports.length; start += this.maxBatch) {
      const part = await this.sampleBatch(reports.slice(start, start + this.maxBatch), seeds.slice(start, start + this.maxBatch), settings, o);
      films.set(part.films, start * n);
      if (part.trajectory) trajectories.push(part.trajectory);
    }
    return o.keepTrajectory ? { films, trajectory: trajectories[0]! } : { films };
  }

  private async sampleBatch(reports: readonly CanonicalReport[], seeds: readonly number[], settings: SamplerSettings, o: SampleOptions): Promise<SampleResult> {
    const count = reports.length;
    const batch = this.batchSizes.find((b) => b >= count)!;
    const s = await this.sessionsFor(batch);
    const a = this.architecture;
    const rows = reports.map((r) => encodeReport(this.tokenizer, r));
    while (rows.length < batch) rows.push(rows[0]!);
    const contextOf = async (keep: boolean) => {
      const feeds = conditionFeeds(a, rows, rows.map(() => ({ keep, showText: !o.conditionOnly })));
      const { ctx_mask: ctxMask, ...encoderFeeds } = feeds;
      const out = await s.encoder.run({ ...encoderFeeds, ...this.weightsFor(s.encoder) });
      const ace = a.ace ? aceFeeds(rows, rows.map(() => keep)) : {};
      return { context: out["context"]!, ctxMask: ctxMask!, ace };
    };
    const cond = await contextOf(true);
    const uncond = settings.guidance === 1 ? cond : await contextOf(false);
    const n = a.size ** 2;
    const predict = async (x: Float32Array, t: number, { uncond: u }: { uncond: boolean }) => {
      const xs = new Float32Array(batch * n);
      xs.set(x);
      const c = u ? uncond : cond;
      const out = await s.denoiser.run({
        x: { dims: [batch, 1, a.size, a.size], data: xs },
        t: { dims: [batch], data: new Float32Array(batch).fill(t) },
        context: c.context,
        ctx_mask: c.ctxMask,
        ...c.ace,
        ...this.weightsFor(s.denoiser),
      });
      return (out["v"]!.data as Float32Array).subarray(0, count * n);
    };
    return sampleDdim({ seeds, pixels: n, alphaBar: this.alphaBar, settings, predict, keepTrajectory: o.keepTrajectory, onStep: o.onStep });
  }

  private weightsFor(session: Runtime): NamedTensors {
    const out: NamedTensors = {};
    for (const name of session.inputNames) if (this.weights[name]) out[name] = this.weights[name]!;
    return out;
  }

  private sessionsFor(batch: number): Promise<Sessions> {
    let s = this.sessions.get(batch);
    if (!s) {
      const pair = this.graphs.get(batch)!;
      const opts = { provider: this.options.provider ?? "cpu", intraOpThreads: this.options.intraOpThreads };
      s = Promise.all([Runtime.create(pair.encoder, opts), Runtime.create(pair.denoiser, opts)]).then(([encoder, denoiser]) => ({ encoder, denoiser }));
      this.sessions.set(batch, s);
    }
    return s;
  }

  async dispose(): Promise<void> {
    for (const s of this.sessions.values()) {
      const { encoder, denoiser } = await s;
      encoder.dispose();
      denoiser.dispose();
    }
    this.sessions.clear();
  }
}
