/**
 * LoRA: the adapted model starts equal to the base; LoRA-only training changes the loss but never
 * the base weights (bit-identical); mergeLora gives a plain model with the same outputs.
 */
import { describe, expect, test } from "vitest";
import { createRng } from "../../../../shared/random.js";
import { GraphBuilder, Runtime, compileInference, compileTraining, initParameters, mergeLora, nn, op, type NamedTensors } from "../../../../batch-jobs/ml/index.js";
import { createAdamW } from "../../../../batch-jobs/ml/optim/index.js";
import { maxAbsDiff } from "../values.js";

const [B, T, D, S] = [4, 5, 16, 3];
const LORA = { rank: 4, alpha: 8 };

function build(withLora: boolean): GraphBuilder {
  const g = new GraphBuilder();
  const x = g.input("x", [B, T, D]);
  const c = g.input("c", [B, D]);
  const ctx = g.input("ctx", [B, S, D]);
  const target = g.input("target", [B, T, D]);
  const lora = withLora ? LORA : undefined;
  let h = nn.ditBlock(g, "blk0", x, c, { dim: D, heads: 2, context: ctx, lora });
  h = nn.ditBlock(g, "blk1", h, c, { dim: D, heads: 2, context: ctx, lora });
  const out = nn.linear(g, "out", h, { inFeatures: D, outFeatures: D, lora });
  g.output("pred", out);
  g.output("loss", op.mse(out, target));
  return g;
}

function data(seed: number): NamedTensors<Float32Array> {
  const rng = createRng(seed);
  const t = (dims: number[]) => ({ dims, data: Float32Array.from({ length: dims.reduce((a, b) => a * b) }, () => rng.normal()) });
  return { x: t([B, T, D]), c: t([B, D]), ctx: t([B, S, D]), target: t([B, T, D]) };
}

/** Base params with non-zero adaLN (the zero init would hide the blocks). */
function baseParams(g: GraphBuilder): NamedTensors<Float32Array> {
  const p = initParameters(g, 3);
  const rng = createRng(5);
  for (const [name, t] of Object.entries(p)) if (name.includes("adaLN")) t.data.forEach((_, i) => (t.data[i] = 0.1 * rng.normal()));
  return p;
}

describe("LoRA", () => {
  test("starts equal to the base; LoRA-only training changes the loss, not the base; merge matches", async () => {
    const gBase = build(false);
    const gLora = build(true);
    const base = baseParams(gBase);
    const params: NamedTensors<Float32Array> = { ...initParameters(gLora, 3), ...base };
    const snapshot = Object.fromEntries(Object.entries(base).map(([n, t]) => [n, Buffer.from(t.data.buffer.slice(0))]));
    const batch = data(11);

    const baseRun = await Runtime.create(compileInference(gBase, base).onnxBytes);
    const basePred = (await baseRun.run(batch))["pred"];

    const tr = compileTraining(gLora, params, { trainable: ["lora"] });
    expect(tr.paramNames.every((n) => n.includes(".lora_"))).toBe(true);
    expect(tr.paramNames).toHaveLength(2 * 2 * (4 + 4 + 2) + 2); // A,B × 2 blocks × (4 self + 4 cross + 2 mlp) + out
    expect(tr.outputNames.filter((n) => n.startsWith("grad/") && !n.includes(".lora_"))).toEqual([]);
    const lora = Object.fromEntries(tr.paramNames.map((n) => [n, params[n]!]));
    const sess = await Runtime.create(tr.onnxBytes);
    const opt = createAdamW(lora, { weightDecay: 0 });
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const out = await sess.run({ ...batch, ...lora });
      // B = 0 ⇒ the base model (up to float rounding: ORT fuses the two graphs differently).
      if (step === 0) expect(maxAbsDiff(out["pred"], basePred)).toBeLessThan(1e-5);
      losses.push(Number(out["loss"]!.data[0]));
      opt.step(lora, Object.fromEntries(tr.paramNames.map((n) => [n, out[`grad/${n}`] as { dims: number[]; data: Float32Array }])), 3e-3);
    }
    await sess.dispose();
    expect(losses.at(-1)!).toBeLessThan(0.9 * losses[0]!);
    for (const [n, t] of Object.entries(base)) expect(Buffer.from(t.data.buffer).equals(snapshot[n]!), n).toBe(true);

    const unmerged = await Runtime.create(compileInference(gLora, params).onnxBytes);
    const merged = await Runtime.create(compileInference(gBase, mergeLora(gLora, params)).onnxBytes);
    const a = (await unmerged.run(batch))["pred"];
    const b = (await merged.run(batch))["pred"];
    expect(maxAbsDiff(a, basePred)).toBeGreaterThan(1e-3); // training moved the model
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-4);
    expect(Object.keys(mergeLora(gLora, params)).some((n) => n.includes("lora"))).toBe(false);
    await Promise.all([unmerged.dispose(), merged.dispose(), baseRun.dispose()]);
  });
});
