/**
 * Forward values of the ops whose semantics are ours (composites, resize modes, masks) against
 * hand-computed references: gradient checks only prove the backward matches the forward.
 */
import { describe, expect, test } from "vitest";
import { GraphBuilder, Runtime, compileInference, nn, op, type Tensor } from "../../../../batch-jobs/ml/index.js";
import { values } from "../values.js";

async function run(build: (g: GraphBuilder) => Tensor, dtype: "float32" | "float64" = "float64"): Promise<number[]> {
  const g = new GraphBuilder({ dtype, training: false });
  g.output("y", build(g));
  const s = await Runtime.create(compileInference(g, {}).onnxBytes, { graphOptimization: "basic" });
  const y = (await s.run({}))["y"];
  await s.dispose();
  return values(y);
}

const close = (got: number[], want: number[], tol = 1e-6): void => {
  expect(got).toHaveLength(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]!), `element ${i}: ${v} vs ${want[i]}`).toBeLessThan(tol));
};

describe("forward semantics", () => {
  test("bilinear ×2 upsampling matches PyTorch align_corners=False; nearest repeats", async () => {
    const img = (g: GraphBuilder) => g.constant([1, 2, 3, 4], [1, 1, 2, 2]);
    close(await run((g) => op.upsample(img(g), 2, "bilinear"), "float32"), [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4]);
    close(await run((g) => op.upsample(img(g), 2, "nearest"), "float32"), [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  test("cross-entropy, BCE-with-logits and MSE", async () => {
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    const ce = ((lse - 3) + (lse - 1)) / 2; // labels 2 and 0
    close(await run((g) => op.crossEntropy(g.constant([1, 2, 3, 1, 2, 3], [2, 3]), g.constant([2, 0], [2], "int64"))), [ce]);
    const bce = (x: number, y: number) => -(y * Math.log(1 / (1 + Math.exp(-x))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-x))));
    close(await run((g) => op.bceWithLogits(g.constant([0.5, -2, 30], [3]), g.constant([1, 0.25, 1], [3]))), [(bce(0.5, 1) + bce(-2, 0.25) + Math.log1p(Math.exp(-30))) / 3]);
    close(await run((g) => op.mse(g.constant([1, 2], [2]), g.constant([0, 4], [2]))), [2.5]);
  });

  test("group norm normalises per (sample, group) and applies the per-channel affine", async () => {
    const x = [1, 2, 3, 4, 10, 20, 30, 40]; // [1, 4 channels, 1, 2], 2 groups of 2 channels
    const norm = (v: number[]) => {
      const m = v.reduce((a, b) => a + b) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length + 1e-5);
      return v.map((e) => (e - m) / sd);
    };
    const want = [...norm(x.slice(0, 4)), ...norm(x.slice(4))].map((v, i) => v * [1, 2, 3, 4][i >> 1]! + [0, 1, 0, -1][i >> 1]!);
    close(await run((g) => op.groupNorm(g.constant(x, [1, 4, 1, 2]), 2, g.constant([1, 2, 3, 4], [4]), g.constant([0, 1, 0, -1], [4]))), want, 1e-5);
  });

  test("attention with a bool mask ignores masked keys", async () => {
    // One query, keys 0 and 1; key 1 is masked, so the output is exactly v0.
    const out = await run((g) =>
      op.scaledDotProductAttention(g.constant([1, 0], [1, 1, 2]), g.constant([1, 0, 5, 5], [1, 2, 2]), g.constant([7, 8, -3, 9], [1, 2, 2]), {
        mask: op.greater(g.constant([1, 0], [1, 1, 2]), 0.5),
      }),
    );
    close(out, [7, 8]);
  });

  test("timestep embedding is [cos(tω), sin(tω)] with ω_i = 10000^(−i/half)", async () => {
    const t = 3;
    const want = [0, 1].flatMap((k) => [0, 1].map((i) => (k === 0 ? Math.cos : Math.sin)(t * 10000 ** (-i / 2))));
    close(await run((g) => nn.timestepEmbedding(g.constant([t], [1]), 4)), want, 1e-9);
  });

  test("clip, minimum, maximum, softplus, logSigmoid", async () => {
    close(await run((g) => op.clip(g.constant([-2, 0.5, 3], [3]), -1, 1)), [-1, 0.5, 1]);
    close(await run((g) => op.softplus(g.constant([-40, 0, 40], [3]))), [Math.log1p(Math.exp(-40)), Math.LN2, 40]);
    close(await run((g) => op.logSigmoid(g.constant([0, -50], [2]))), [-Math.LN2, -50]);
    close(await run((g) => op.maximum(g.constant([1, 5], [2]), 3)), [3, 5]);
  });
});
