/**
 * A compiled inference graph with a fixed batch size (static shapes), run over any number of
 * films: full batches go straight through, the last partial batch is zero-padded and its padding
 * rows dropped from the outputs. The session is created once and disposed explicitly.
 */
import { Runtime, compileInference, type GraphBuilder, type NamedTensors, type ParamValues, type Provider } from "../ml/index.js";

export interface SessionOptions {
  provider?: Provider;
  intraOpThreads?: number;
}

export const INFERENCE_BATCH = 32;

export class BatchedSession {
  private constructor(
    private readonly runtime: Runtime,
    readonly batch: number,
    private readonly inputName: string,
    private readonly rowElements: number,
    private readonly outputs: string[],
  ) {}

  static async create(g: GraphBuilder, params: ParamValues, o: { batch: number; input: string; rowElements: number; outputs: string[] } & SessionOptions): Promise<BatchedSession> {
    const compiled = compileInference(g, params, { outputs: o.outputs });
    const runtime = await Runtime.create(compiled.onnxBytes, {
      provider: o.provider ?? "cpu",
      intraOpThreads: o.intraOpThreads ?? 1,
      allowSpinning: false,
    });
    return new BatchedSession(runtime, o.batch, o.input, o.rowElements, o.outputs);
  }

  /** Runs `count` rows of `input` (row-major, rowElements each); returns each output for the `count` rows. */
  async run(input: Float32Array, count: number, dims: (batch: number) => number[]): Promise<Record<string, Float32Array>> {
    if (input.length !== count * this.rowElements) {
      throw new Error(`expected ${count} rows of ${this.rowElements} values (${count * this.rowElements}), got ${input.length}`);
    }
    const result: Record<string, Float32Array> = {};
    const chunk = new Float32Array(this.batch * this.rowElements);
    for (let start = 0; start < count; start += this.batch) {
      const n = Math.min(this.batch, count - start);
      chunk.fill(0);
      chunk.set(input.subarray(start * this.rowElements, (start + n) * this.rowElements));
      const out: NamedTensors = await this.runtime.run({ [this.inputName]: { dims: dims(this.batch), data: chunk } });
      for (const name of this.outputs) {
        const t = out[name]!;
        const perRow = t.data.length / this.batch;
        if (!result[name]) result[name] = new Float32Array(count * perRow);
        result[name]!.set((t.data as Float32Array).subarray(0, n * perRow), start * perRow);
      }
    }
    for (const name of this.outputs) result[name] ??= new Float32Array(0);
    return result;
  }

  async dispose(): Promise<void> {
    await this.runtime.dispose();
  }
}
