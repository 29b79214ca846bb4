/**
 * Probe written for engine-core: formulations of the two halves of a 3×3 Conv's gradient on the
 * UNet's largest layer shape. The first autodiff rules computed dW as a Conv whose "kernel" is dy
 * (64×64): ORT runs it as a skinny GEMM (N = 9) that re-reads dy once per input channel; im2col
 * (9 shifted slices) + a batched MatMul computes the same sum at GEMM speed. dX was a
 * ConvTranspose; for stride 1 it equals a Conv with the flipped, transposed kernel. (The rules
 * now use a one-hot-Conv im2col or per-tap GEMMs by layer shape, and the flipped-kernel Conv;
 * see docs/engine.md.)
 * Usage: tsx bench/engine/conv-grad-probe.ts [N C O HW]; prints timings and max |difference|.
 */
import { compileInference, GraphBuilder, op, Runtime, type NamedTensors, type Tensor } from "../../batch-jobs/ml/index.js";
import { randomNormal, round, timed } from "./measure.js";

const [n, c, o, hw] = (process.argv.slice(2).length === 4 ? process.argv.slice(2) : ["32", "32", "32", "64"]).map(Number) as [number, number, number, number];
const K = 3;

/** dW via the current rule (autodiff/rules.ts convWeightGrad, stride 1, pad 1). */
function weightGradConv(x: Tensor, dy: Tensor): Tensor {
  const xs = op.transpose(x, [1, 0, 2, 3]); // [C, N, H, W]
  const ks = op.transpose(dy, [1, 0, 2, 3]); // [O, N, H, W] used as the kernel
  const r = op.conv2d(xs, ks, { padding: 1 }); // [C, O, 3, 3]
  return op.transpose(r, [1, 0, 2, 3]);
}

/** dW via im2col: cols [N, 9C, HW] from 9 shifted slices, then Σ_n dy_n · cols_nᵀ. */
function weightGradIm2col(x: Tensor, dy: Tensor): Tensor {
  const xp = op.pad(x, [0, 0, 1, 1, 0, 0, 1, 1]);
  const shifted: Tensor[] = [];
  for (let kh = 0; kh < K; kh++) for (let kw = 0; kw < K; kw++) shifted.push(op.slice(op.slice(xp, 2, kh, kh + hw), 3, kw, kw + hw));
  const cols = op.reshape(op.concat(shifted, 1), [n, K * K * c, hw * hw]);
  const per = op.matmul(op.reshape(dy, [n, o, hw * hw]), op.transposeLast2(cols)); // [N, O, 9C]
  return op.transpose(op.reshape(op.sum(per, [0]), [o, K, K, c]), [0, 3, 1, 2]);
}

/** dW via im2col in NHWC: one GEMM [O, N·HW] × [N·HW, 9C] (K = N·H·W, the long axis). */
function weightGradIm2colNhwc(x: Tensor, dy: Tensor): Tensor {
  const xp = op.transpose(op.pad(x, [0, 0, 1, 1, 0, 0, 1, 1]), [0, 2, 3, 1]); // [N, H+2, W+2, C]
  const shifted: Tensor[] = [];
  for (let kh = 0; kh < K; kh++) for (let kw = 0; kw < K; kw++) shifted.push(op.slice(op.slice(xp, 1, kh, kh + hw), 2, kw, kw + hw));
  const cols = op.reshape(op.concat(shifted, 3), [n * hw * hw, K * K * c]);
  const dyT = op.reshape(op.transpose(dy, [1, 0, 2, 3]), [o, n * hw * hw]);
  return op.transpose(op.reshape(op.matmul(dyT, cols), [o, K, K, c]), [0, 3, 1, 2]);
}

/** dX via ConvTranspose (current rule) and via Conv with the flipped kernel (stride 1). */
function inputGradConvT(dy: Tensor, w: Tensor): Tensor {
  return op.convTranspose2d(dy, w, { padding: 1 });
}
function inputGradFlipped(dy: Tensor, w: Tensor): Tensor {
  const flip = dy.g.constant(Array.from({ length: 81 }, (_, i) => (Math.floor(i / 9) + (i % 9) === 8 ? 1 : 0)), [9, 9]);
  const wf = op.reshape(op.matmul(op.reshape(w, [o * c, 9]), flip), [o, c, K, K]);
  return op.conv2d(dy, op.transpose(wf, [1, 0, 2, 3]), { padding: 1 });
}

async function measure(label: string, build: (g: GraphBuilder, x: Tensor, dy: Tensor, w: Tensor) => Tensor, feeds: NamedTensors, flops: number): Promise<Float32Array> {
  const g = new GraphBuilder();
  const out = build(g, g.input("x", [n, c, hw, hw]), g.input("dy", [n, o, hw, hw]), g.input("w", [o, c, K, K]));
  g.output("out", out);
  const session = await Runtime.create(compileInference(g, {}).onnxBytes, { intraOpThreads: 2 });
  const used = Object.fromEntries(Object.entries(feeds).filter(([k]) => session.inputNames.includes(k)));
  let result: NamedTensors = {};
  const t = await timed(async () => (result = await session.run(used)), 1, 3);
  session.dispose();
  console.log(`${label.padEnd(34)} ${String(t.medianMs).padStart(8)} ms  ${round(flops / (t.medianMs / 1000) / 1e9, 1)} GFLOP/s`);
  return result.out!.data as Float32Array;
}

const feeds: NamedTensors = {
  x: { dims: [n, c, hw, hw], data: randomNormal(n * c * hw * hw, 1) },
  dy: { dims: [n, o, hw, hw], data: randomNormal(n * o * hw * hw, 2) },
  w: { dims: [o, c, K, K], data: randomNormal(o * c * K * K, 3) },
};
const flops = 2 * n * o * c * K * K * hw * hw;
console.log(`3×3 conv, x [${n},${c},${hw},${hw}], ${o} out channels: ${round(flops / 1e9, 2)} GFLOP per gradient`);
const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const dwA = await measure("dW: Conv with dy as kernel (old)", (_g, x, dy) => weightGradConv(x, dy), feeds, flops);
const dwB = await measure("dW: im2col + MatMul", (_g, x, dy) => weightGradIm2col(x, dy), feeds, flops);
const dwC = await measure("dW: NHWC im2col + one GEMM", (_g, x, dy) => weightGradIm2colNhwc(x, dy), feeds, flops);
const dxA = await measure("dX: ConvTranspose (old)", (_g, _x, dy, w) => inputGradConvT(dy, w), feeds, flops);
const dxB = await measure("dX: Conv, flipped kernel", (_g, _x, dy, w) => inputGradFlipped(dy, w), feeds, flops);
const fwd = await measure("forward Conv (reference)", (_g, x, _dy, w) => op.transpose(op.conv2d(x, op.transpose(w, [1, 0, 2, 3]), { padding: 1 }), [0, 1, 2, 3]), feeds, flops);
console.log(`max |dW old − im2col| = ${maxDiff(dwA, dwB).toExponential(2)} / ${maxDiff(dwA, dwC).toExponential(2)}, max |dX old − flipped| = ${maxDiff(dxA, dxB).toExponential(2)} (forward ${fwd.length} values)`);
