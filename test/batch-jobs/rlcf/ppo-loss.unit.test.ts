/**
 * The PPO head: its log-probability is the sampler's, and its gradient matches central finite
 * differences (float64 graph; v̂ = w·x_t + b stands in for the denoiser).
 */
import { describe, expect, it } from "vitest";
import { compileInference, compileTraining, GraphBuilder, op, Runtime, type NamedTensors } from "../../../batch-jobs/ml/index.js";
import { ddimLogProb, ddimSigma, ddimStep } from "../../../batch-jobs/generator/ddim.js";
import { ddimMean, gaussianLogProb, ppoSurrogate } from "../../../batch-jobs/rlcf/ppo-loss.js";
import { createRng } from "../../../shared/random.js";

const B = 3;
const P = 16;
const [alphaBarT, alphaBarPrev, eta] = [0.55, 0.7, 1];
const sigma = ddimSigma(alphaBarT, alphaBarPrev, eta);
const coefficients = [Math.sqrt(alphaBarT), Math.sqrt(1 - alphaBarT), Math.sqrt(alphaBarPrev), Math.sqrt(1 - alphaBarPrev - sigma * sigma), sigma];

function head(clipRange: number): GraphBuilder {
  const g = new GraphBuilder({ dtype: "float64" });
  const x = g.input("x", [B, 1, 4, 4]);
  const col = (n: string) => g.input(n, [B, 1, 1, 1]);
  const [a, s, ap, dir, sg] = ["a", "s", "ap", "dir", "sigma"].map(col) as [ReturnType<typeof col>, ReturnType<typeof col>, ReturnType<typeof col>, ReturnType<typeof col>, ReturnType<typeof col>];
  const v = op.add(op.mul(x, g.param("w", [1], { init: { kind: "constant", value: 0.8 } })), g.param("b", [1], { init: { kind: "constant", value: 0.05 } }));
  const logp = gaussianLogProb(g.input("prev", [B, 1, 4, 4]), ddimMean(x, v, { sqrtAlphaBar: a, sqrtOneMinusAlphaBar: s, sqrtAlphaBarPrev: ap, dirScale: dir, sigma: sg }), sg);
  const ppo = ppoSurrogate(logp, g.input("old", [B]), g.input("adv", [B]), clipRange);
  g.output("loss", ppo.loss);
  g.output("logp", logp);
  return g;
}

/** Inputs: x_t, and x_{t−1} drawn from the model at (w, b) = (0.8, 0.05) — on-policy. */
function feeds(oldShift: number[]): { feeds: NamedTensors; jsLogProb: number[] } {
  const rng = createRng(5);
  const x = Float64Array.from({ length: B * P }, () => rng.normal() * 0.5);
  const prev = new Float64Array(B * P);
  const jsLogProb: number[] = [];
  for (let r = 0; r < B; r++) {
    const xt = Float32Array.from(x.subarray(r * P, (r + 1) * P));
    const v = xt.map((xi) => 0.8 * xi + 0.05);
    const step = ddimStep({ xt, v, alphaBarT, alphaBarPrev, eta, noise: Float32Array.from({ length: P }, () => rng.normal()) });
    prev.set(step.prev, r * P);
    jsLogProb.push(ddimLogProb(step.prev, step.mean, step.sigma)!);
  }
  const col = (v: number) => ({ dims: [B, 1, 1, 1], data: new Float64Array(B).fill(v) });
  const [a, s, ap, dir, sg] = coefficients.map(col);
  return {
    jsLogProb,
    feeds: {
      x: { dims: [B, 1, 4, 4], data: x }, prev: { dims: [B, 1, 4, 4], data: prev }, a: a!, s: s!, ap: ap!, dir: dir!, sigma: sg!,
      old: { dims: [B], data: Float64Array.from(jsLogProb, (l, i) => l + oldShift[i]!) },
      adv: { dims: [B], data: Float64Array.from([1.5, -0.7, 0.4]) },
    },
  };
}

async function lossAt(g: GraphBuilder, f: NamedTensors, w: number, b: number): Promise<number> {
  const session = await Runtime.create(compileInference(g, { w: { dims: [1], data: new Float64Array([w]) }, b: { dims: [1], data: new Float64Array([b]) } }).onnxBytes, { provider: "cpu" });
  try {
    return Number((await session.run(f))["loss"]!.data[0]);
  } finally {
    session.dispose();
  }
}

async function analytic(g: GraphBuilder, f: NamedTensors): Promise<{ w: number; b: number; logp: number[] }> {
  const params = { w: { dims: [1], data: new Float64Array([0.8]) }, b: { dims: [1], data: new Float64Array([0.05]) } };
  const session = await Runtime.create(compileTraining(g, params, { trainable: "all", loss: "loss" }).onnxBytes, { provider: "cpu" });
  try {
    const out = await session.run({ ...f, ...params });
    return { w: Number(out["grad/w"]!.data[0]), b: Number(out["grad/b"]!.data[0]), logp: Array.from(out["logp"]!.data as Float64Array) };
  } finally {
    session.dispose();
  }
}

describe("PPO head", () => {
  it("recomputes the sampler's log-probability", async () => {
    const { feeds: f, jsLogProb } = feeds([0, 0, 0]);
    const { logp } = await analytic(head(0.2), f);
    logp.forEach((l, i) => expect(l).toBeCloseTo(jsLogProb[i]!, 5));
  });

  it("has the gradient of its value (finite differences, ratios inside the clip range)", async () => {
    const g = head(0.2);
    const { feeds: f } = feeds([0.01, -0.02, 0.03]);
    const grad = await analytic(g, f);
    const h = 1e-5;
    const fdW = ((await lossAt(g, f, 0.8 + h, 0.05)) - (await lossAt(g, f, 0.8 - h, 0.05))) / (2 * h);
    const fdB = ((await lossAt(g, f, 0.8, 0.05 + h)) - (await lossAt(g, f, 0.8, 0.05 - h))) / (2 * h);
    expect(Math.abs(grad.w)).toBeGreaterThan(1e-3);
    expect(grad.w).toBeCloseTo(fdW, 6);
    expect(grad.b).toBeCloseTo(fdB, 6);
  });

  it("stops the gradient of a row whose ratio already left the clip range in its advantage's direction", async () => {
    // Row 0 (A > 0) has ratio e^{0.5} > 1 + ε, row 1 (A < 0) e^{−0.5} < 1 − ε, row 2 e^{0.5} with A > 0: all clipped.
    const g = head(0.01);
    const { feeds: f } = feeds([-0.5, 0.5, -0.5]);
    const grad = await analytic(g, f);
    expect(Math.abs(grad.w)).toBe(0);
    expect(Math.abs(grad.b)).toBe(0);
  });
});
