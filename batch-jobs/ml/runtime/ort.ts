/**
 * The ONLY module importing onnxruntime-node. A Runtime is one InferenceSession: created once
 * (provider choice with CPU fallback, thread settings), validated runs with outputs copied into
 * HostTensors, and explicit disposal. ORT notes: Conv/ConvTranspose/Erf/Gelu/Resize have no
 * float64 CPU kernel; session.run blocks the calling thread while the graph executes.
 */
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import * as ort from "onnxruntime-node";
import { MlError, fmtShape } from "../graph/errors.js";
import type { HostData, HostTensor, NamedTensors } from "../host-tensor.js";

export type Provider = "cpu" | "cuda" | "webgpu";
export const PROVIDERS: readonly Provider[] = ["cpu", "cuda", "webgpu"];

export interface RuntimeOptions {
  /** Execution provider; an unavailable one falls back to CPU with a message (default "cpu"). */
  provider?: Provider | string;
  /** Threads inside one op (GEMM/conv); default = available cores (2 on the dev machine). */
  intraOpThreads?: number;
  /** Threads running independent ops in parallel (only with executionMode "parallel"; default 1). */
  interOpThreads?: number;
  /**
   * "sequential" (default) runs one op at a time, each using the intra-op threads; "parallel" also
   * runs independent branches at once — helps only with spare cores beyond the intra-op threads.
   */
  executionMode?: "sequential" | "parallel";
  /** ORT graph rewrites: "all" enables fusions such as MatMul+Transpose (default "all"). */
  graphOptimization?: "disabled" | "basic" | "extended" | "all";
  /**
   * Let idle intra-op threads spin between ops (ORT's default, true): lowest latency on a
   * dedicated machine; false wastes no CPU when other processes share the cores.
   */
  allowSpinning?: boolean;
  /**
   * ORT's memory-pattern planning (default true): reuses one pre-planned arena per input shape,
   * which is fastest but roughly doubles peak RSS of a training step; false keeps the peak near
   * PyTorch's at a small speed cost (docs/benchmarks.md, ML engine).
   */
  memoryPattern?: boolean;
  /** Write ORT's per-op profile (Chrome trace JSON) to files starting with this prefix. */
  profileFilePrefix?: string;
  /** Receives fallback and other notices (default console.warn). */
  onMessage?: (message: string) => void;
}

export interface RunOptions {
  /** Outputs to compute (default all). */
  outputs?: readonly string[];
  /** Outputs to write into these caller-owned tensors (same dims and dtype as the output). */
  into?: NamedTensors;
}

type TensorType = "float32" | "float64" | "int32" | "int64" | "bool";

interface InputSpec {
  name: string;
  type: TensorType | string;
  shape: readonly (number | string)[];
}

export class Runtime {
  private session: ort.InferenceSession | null;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];

  private constructor(
    session: ort.InferenceSession,
    private readonly specs: readonly InputSpec[],
    /** The provider actually in use. */
    readonly provider: Provider,
    /** Why the requested provider was not used (undefined when it was). */
    readonly fallbackMessage: string | undefined,
  ) {
    this.session = session;
    this.inputNames = session.inputNames;
    this.outputNames = session.outputNames;
  }

  static async create(bytes: Uint8Array, o: RuntimeOptions = {}): Promise<Runtime> {
    const requested = o.provider ?? "cpu";
    const say = o.onMessage ?? ((m: string) => console.warn(m));
    const base: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: o.graphOptimization ?? "all",
      intraOpNumThreads: o.intraOpThreads ?? availableParallelism(),
      interOpNumThreads: o.interOpThreads ?? 1,
      executionMode: o.executionMode ?? "sequential",
      enableMemPattern: o.memoryPattern ?? true,
      ...(o.profileFilePrefix ? { enableProfiling: true, profileFilePrefix: o.profileFilePrefix } : {}),
      logSeverityLevel: 3,
      extra: { session: { intra_op: { allow_spinning: o.allowSpinning === false ? "0" : "1" } } },
    };
    let fallback: string | undefined;
    if (!(PROVIDERS as readonly string[]).includes(requested)) {
      fallback = `execution provider "${requested}" is unknown (use one of ${PROVIDERS.join(", ")}); running on CPU`;
    } else if (requested !== "cpu") {
      try {
        const s = await ort.InferenceSession.create(bytes, { ...base, executionProviders: [requested] });
        return new Runtime(s, specsOf(s), requested as Provider, undefined);
      } catch (e) {
        fallback = `execution provider "${requested}" is not available here (${firstLine(e)}); running on CPU`;
      }
    }
    if (fallback) say(fallback);
    try {
      const s = await ort.InferenceSession.create(bytes, { ...base, executionProviders: ["cpu"] });
      return new Runtime(s, specsOf(s), "cpu", fallback);
    } catch (e) {
      // ORT's extended fusions can create float-only contrib ops (e.g. QuickGelu from x·σ(x)) in
      // float64 graphs; basic optimisation keeps standard ops, which all have kernels.
      if (base.graphOptimizationLevel === "all" || base.graphOptimizationLevel === "extended") {
        try {
          const s = await ort.InferenceSession.create(bytes, { ...base, graphOptimizationLevel: "basic", executionProviders: ["cpu"] });
          say(`onnxruntime's graph fusions failed for this model (${firstLine(e)}); running with basic graph optimisation`);
          return new Runtime(s, specsOf(s), "cpu", fallback);
        } catch {
          // fall through to the original error
        }
      }
      throw new MlError("ML_RUNTIME_PROVIDER", `onnxruntime could not load the model on CPU: ${firstLine(e)}`);
    }
  }

  /** Problems with `inputs` (empty = fine): every missing, unexpected, mistyped or mis-shaped one. */
  checkInputs(inputs: NamedTensors): string[] {
    const problems: string[] = [];
    for (const s of this.specs) {
      const t = inputs[s.name];
      const want = `${s.type} ${fmtShape(s.shape as number[])}`;
      if (!t) {
        problems.push(`missing "${s.name}" (${want})`);
        continue;
      }
      const type = typeOf(t.data);
      const shapeOk = t.dims.length === s.shape.length && t.dims.every((d, i) => typeof s.shape[i] !== "number" || s.shape[i] === d);
      const sizeOk = t.data.length === t.dims.reduce((n, d) => n * d, 1);
      if (type !== s.type || !shapeOk || !sizeOk) {
        problems.push(`"${s.name}" is ${type} ${fmtShape(t.dims)}${sizeOk ? "" : ` with ${t.data.length} values`}, expected ${want}`);
      }
    }
    for (const name of Object.keys(inputs)) if (!this.specs.some((s) => s.name === name)) problems.push(`unexpected "${name}"`);
    return problems;
  }

  /**
   * Runs the graph. Outputs (all, or `outputs`) come back as HostTensors in fresh buffers, except
   * those named in `into`: ORT writes them into the caller's buffers (e.g. reused gradient
   * buffers: no allocation per step; measured 2.5 instead of 3.9 ms per run for a 4 MB output).
   */
  async run(inputs: NamedTensors, options: RunOptions | readonly string[] = {}): Promise<NamedTensors> {
    const session = this.session;
    if (!session) throw new MlError("ML_RUNTIME_DISPOSED", "this Runtime was disposed; create a new one");
    const o: RunOptions = Array.isArray(options) ? { outputs: options as readonly string[] } : (options as RunOptions);
    const problems = this.checkInputs(inputs);
    const into = o.into ?? {};
    for (const [name, t] of Object.entries(into)) {
      const m = session.outputMetadata.find((v) => v.name === name);
      if (!m || !m.isTensor) problems.push(`"into" names "${name}", which is not an output`);
      else if (typeOf(t.data) !== m.type || fmtShape(t.dims) !== fmtShape(m.shape as number[]) || t.data.length !== t.dims.reduce((a, b) => a * b, 1)) {
        problems.push(`"into.${name}" is ${typeOf(t.data)} ${fmtShape(t.dims)}, output is ${m.type} ${fmtShape(m.shape as number[])}`);
      }
    }
    if (problems.length) throw new MlError("ML_RUNTIME_INPUTS", `bad inputs for this model: ${problems.join("; ")}`);
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(inputs)) feeds[name] = new ort.Tensor(typeOf(t.data), t.data as never, t.dims);
    const fetches: Record<string, ort.Tensor | null> = {};
    for (const name of o.outputs ?? this.outputNames) fetches[name] = null;
    for (const [name, t] of Object.entries(into)) fetches[name] = new ort.Tensor(typeOf(t.data), t.data as never, t.dims);
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await session.run(feeds, fetches);
    } catch (e) {
      throw new MlError("ML_RUNTIME_RUN", `onnxruntime failed: ${firstLine(e)}`);
    }
    // onnxruntime-node already copies each output into a fresh JS ArrayBuffer: take it as is.
    const out: NamedTensors = {};
    for (const [name, t] of Object.entries(results)) out[name] = into[name] ?? ({ dims: [...t.dims], data: t.data as HostData } satisfies HostTensor);
    return out;
  }

  get disposed(): boolean {
    return this.session === null;
  }

  /** Frees the native session. Idempotent; later runs fail with ML_RUNTIME_DISPOSED. */
  async dispose(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await s.release();
  }
}

/** Sessions keyed by (model bytes hash, options): building a session is costly, reuse it. */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<Runtime>>();

  /** The cached session for (bytes, options), created on first use or if a caller disposed it. */
  async get(bytes: Uint8Array, o: RuntimeOptions = {}): Promise<Runtime> {
    const { onMessage: _ignored, ...rest } = o;
    const key = `${createHash("sha256").update(bytes).digest("hex")}|${JSON.stringify(rest)}`;
    const cached = this.sessions.get(key);
    if (cached) {
      const r = await cached;
      if (!r.disposed) return r;
    }
    const created = Runtime.create(bytes, o);
    this.sessions.set(key, created);
    created.catch(() => this.sessions.delete(key));
    return created;
  }

  get size(): number {
    return this.sessions.size;
  }

  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map(async (p) => (await p).dispose()));
  }
}

function specsOf(s: ort.InferenceSession): InputSpec[] {
  return s.inputMetadata.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: m.shape } : { name: m.name, type: "non-tensor", shape: [] }));
}

function typeOf(data: HostData): TensorType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32";
  return "int64";
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split("\n")[0]!;
}
