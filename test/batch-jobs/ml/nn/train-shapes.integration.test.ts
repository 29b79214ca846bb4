/**
 * End-to-end: a small CNN trained from scratch through the compiled training graph (engine-train's
 * AdamW) classifies generated 16×16 shapes (circle / square / cross, random size, position and
 * noise) to ≥ 90 % accuracy on a held-out set, evaluated with the inference graph.
 */
import { expect, test } from "vitest";
import { createRng, type Rng } from "../../../../shared/random.js";
import { GraphBuilder, Runtime, compileInference, compileTraining, initParameters, nn, op } from "../../../../batch-jobs/ml/index.js";
import { createAdamW } from "../../../../batch-jobs/ml/optim/index.js";

const S = 16;
const B = 32;
const CLASSES = 3;

/** One image of class 0 = circle outline, 1 = filled square, 2 = cross, plus Gaussian noise. */
function drawShape(cls: number, rng: Rng, out: Float32Array, offset: number): void {
  const r = 3 + rng.int(3);
  const cx = r + 1 + rng.int(S - 2 * r - 2);
  const cy = r + 1 + rng.int(S - 2 * r - 2);
  for (let yy = 0; yy < S; yy++) {
    for (let xx = 0; xx < S; xx++) {
      const [dx, dy] = [xx - cx, yy - cy];
      const on =
        cls === 0 ? Math.abs(Math.hypot(dx, dy) - r) < 0.8
        : cls === 1 ? Math.abs(dx) <= r - 1 && Math.abs(dy) <= r - 1
        : (Math.abs(dx) <= 0 && Math.abs(dy) <= r) || (Math.abs(dy) <= 0 && Math.abs(dx) <= r);
      out[offset + yy * S + xx] = (on ? 1 : 0) + 0.15 * rng.normal();
    }
  }
}

function batch(rng: Rng) {
  const x = new Float32Array(B * S * S);
  const y = new BigInt64Array(B);
  for (let i = 0; i < B; i++) {
    const cls = rng.int(CLASSES);
    y[i] = BigInt(cls);
    drawShape(cls, rng, x, i * S * S);
  }
  return { x: { dims: [B, 1, S, S], data: x }, y: { dims: [B], data: y } };
}

function model(g: GraphBuilder) {
  const x = g.input("x", [B, 1, S, S]);
  const y = g.input("y", [B], "int64");
  let h = op.relu(nn.conv2d(g, "c1", x, { inChannels: 1, outChannels: 8, kernel: 3, stride: 2, padding: 1 }));
  h = op.relu(nn.conv2d(g, "c2", h, { inChannels: 8, outChannels: 16, kernel: 3, stride: 2, padding: 1 }));
  const logits = nn.linear(g, "head", op.reshape(h, [B, 16 * 4 * 4]), { inFeatures: 256, outFeatures: CLASSES });
  g.output("loss", op.crossEntropy(logits, y));
  g.output("logits", logits);
}

test("a CNN learns circles vs squares vs crosses to ≥ 90 % held-out accuracy", async () => {
  const g = new GraphBuilder();
  model(g);
  const params = initParameters(g, 1);
  const train = await Runtime.create(compileTraining(g, params, { trainable: "all" }).onnxBytes);
  const opt = createAdamW(params, { weightDecay: 0 });
  const rng = createRng(42);
  let first = NaN;
  let last = NaN;
  for (let step = 0; step < 150; step++) {
    const out = await train.run({ ...batch(rng), ...params });
    const grads = Object.fromEntries(Object.keys(params).map((n) => [n, out[`grad/${n}`]! as { dims: number[]; data: Float32Array }]));
    opt.step(params, grads, 0.01);
    last = Number(out["loss"]!.data[0]);
    if (step === 0) first = last;
  }
  await train.dispose();

  const inf = await Runtime.create(compileInference(g, params, { outputs: ["logits"] }).onnxBytes);
  const testRng = createRng(7);
  let correct = 0;
  for (let k = 0; k < 4; k++) {
    const { x, y } = batch(testRng);
    const logits = (await inf.run({ x }))["logits"]!.data as Float32Array;
    for (let i = 0; i < B; i++) {
      const row = Array.from(logits.subarray(i * CLASSES, (i + 1) * CLASSES));
      if (row.indexOf(Math.max(...row)) === Number(y.data[i])) correct++;
    }
  }
  await inf.dispose();
  const accuracy = correct / (4 * B);
  expect(last).toBeLessThan(first / 3);
  expect(accuracy).toBeGreaterThanOrEqual(0.9);
});
