/** Graph builder: shape inference errors, parameters and groups, determinism, deep graphs. */
import { describe, expect, test } from "vitest";
import { createRng } from "../../../../shared/random.js";
import { GraphBuilder, MlError, Runtime, compileInference, compileTraining, dropoutMask, gradients, initParameters, nn, op, type OpName } from "../../../../batch-jobs/ml/index.js";
import { values } from "../values.js";

function expectMlError(fn: () => unknown, code: string, ...parts: string[]): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MlError);
    expect((e as MlError).code).toBe(code);
    for (const p of parts) expect((e as MlError).message).toContain(p);
    return;
  }
  throw new Error("expected an MlError");
}

describe("shape inference", () => {
  test("infers broadcast, matmul, conv and reduce shapes", () => {
    const g = new GraphBuilder();
    const a = g.input("a", [2, 1, 3]);
    expect(op.add(a, g.input("b", [4, 1])).shape).toEqual([2, 4, 3]);
    expect(op.matmul(g.input("m", [5, 2, 3, 4]), g.input("w", [4, 6])).shape).toEqual([5, 2, 3, 6]);
    expect(op.conv2d(g.input("x", [2, 4, 9, 9]), g.input("k", [8, 2, 3, 3]), { stride: 2, padding: 1, groups: 2 }).shape).toEqual([2, 8, 5, 5]);
    expect(op.convTranspose2d(g.input("z", [1, 3, 4, 4]), g.input("kt", [3, 2, 4, 4]), { stride: 2, padding: 1 }).shape).toEqual([1, 2, 8, 8]);
    expect(op.mean(a, [0, 2], true).shape).toEqual([1, 1, 1]);
    expect(op.upsample(g.input("u", [1, 2, 3, 3]), 2, "bilinear").shape).toEqual([1, 2, 6, 6]);
  });

  test("errors name the op and the shapes", () => {
    const g = new GraphBuilder();
    expectMlError(() => op.add(g.input("a", [2, 3]), g.input("b", [4])), "ML_SHAPE", "Add", "[2,3]", "[4]");
    expectMlError(() => op.matmul(g.input("m", [2, 3]), g.input("n", [4, 5])), "ML_SHAPE", "MatMul", "[2,3]", "[4,5]");
    expectMlError(() => op.conv2d(g.input("x", [1, 3, 8, 8]), g.input("w", [4, 2, 3, 3])), "ML_SHAPE", "Conv", "[1,3,8,8]", "[4,2,3,3]");
    expectMlError(() => op.reshape(g.input("r", [2, 3]), [4, -1]), "ML_SHAPE", "Reshape", "[2,3]", "[4,-1]");
    expectMlError(() => op.layerNorm(g.input("l", [2, 3]), g.input("s", [2])), "ML_SHAPE", "LayerNormalization", "[2]", "[3]");
    expectMlError(() => op.gather(g.input("t", [4, 2]), g.input("i", [3])), "ML_SHAPE", "Gather", "int64");
    expectMlError(() => op.crossEntropy(g.input("lg", [4, 3]), g.input("lb", [5], "int64")), "ML_SHAPE", "crossEntropy", "[4,3]", "[5]");
  });
});

describe("parameters and groups", () => {
  test("get-or-create shares weights; a conflicting redefinition fails", () => {
    const g = new GraphBuilder();
    const w = g.param("w", [2, 2], { init: { kind: "zeros" } });
    expect(g.param("w", [2, 2], { init: { kind: "ones" } })).toBe(w);
    expectMlError(() => g.param("w", [3, 2], { init: { kind: "zeros" } }), "ML_PARAM", '"w"', "[2,2]", "[3,2]");
    expectMlError(() => g.input("bad name", [1]), "ML_GRAPH", "bad name");
  });

  test("initialisation is seeded per parameter name", () => {
    const make = (extra: boolean) => {
      const g = new GraphBuilder();
      if (extra) g.param("first", [3], { init: { kind: "normal", std: 1 } });
      g.param("w", [4], { init: { kind: "uniform", bound: 1 } });
      return g;
    };
    const a = initParameters(make(false), 9);
    expect(Array.from(initParameters(make(true), 9)["w"]!.data)).toEqual(Array.from(a["w"]!.data));
    expect(Array.from(initParameters(make(false), 10)["w"]!.data)).not.toEqual(Array.from(a["w"]!.data));
  });

  test("training an unknown group or a graph without loss fails clearly", () => {
    const g = new GraphBuilder();
    const x = g.input("x", [2, 3]);
    g.output("y", nn.linear(g, "fc", x, { inFeatures: 3, outFeatures: 1 }));
    const p = initParameters(g, 0);
    expectMlError(() => compileTraining(g, p, { trainable: ["base"] }), "ML_COMPILE", 'no output "loss"', "y");
    g.output("loss", op.mean(g.outputs.get("y")!));
    expectMlError(() => compileTraining(g, p, { trainable: ["lora"] }), "ML_COMPILE", "lora", "base");
    expectMlError(() => compileInference(g, {}), "ML_PARAM", "fc.weight [3,1]");
  });
});

describe("autodiff", () => {
  test("an op without a rule fails loudly naming it", () => {
    const g = new GraphBuilder();
    const w = g.param("w", [3], { init: { kind: "zeros" } });
    const odd = g.node("Hardmax" as OpName, [w], [3], "float32"); // forced past the type, as a new op would be
    expectMlError(() => gradients(op.sum(odd), [w]), "ML_NO_GRAD_RULE", "Hardmax", "[3]");
  });

  test("stopGradient blocks the gradient", async () => {
    const g = new GraphBuilder({ dtype: "float64" });
    const a = g.param("a", [2], { init: { kind: "values", values: [1, 2] } });
    const b = g.param("b", [2], { init: { kind: "values", values: [3, 4] } });
    g.output("loss", op.sum(op.mul(op.stopGradient(a), b)));
    const p = initParameters(g, 0);
    const s = await Runtime.create(compileTraining(g, p, { trainable: "all" }).onnxBytes, { graphOptimization: "basic" });
    const out = await s.run({ a: { dims: [2], data: Float64Array.from([1, 2]) }, b: { dims: [2], data: Float64Array.from([3, 4]) } });
    expect(values(out["grad/a"])).toEqual([0, 0]);
    expect(values(out["grad/b"])).toEqual([1, 2]);
    await s.dispose();
  });

  test("a 100 000-op chain differentiates without recursion; a 2 000-op one runs in ORT", async () => {
    const chain = (g: GraphBuilder, n: number) => {
      const w = g.param("w", [1], { init: { kind: "values", values: [0.5] } });
      let h = w;
      for (let i = 0; i < n; i++) h = op.add(h, 1e-4);
      g.output("loss", op.sum(op.mul(h, w)));
      return w;
    };
    const deep = new GraphBuilder();
    const deepW = chain(deep, 100_000);
    const [dw] = gradients(deep.outputs.get("loss")!, [deepW]);
    expect(dw!.shape).toEqual([1]);

    const g = new GraphBuilder({ dtype: "float64" });
    chain(g, 2000);
    const w = { w: { dims: [1], data: Float64Array.from([0.5]) } };
    const s = await Runtime.create(compileTraining(g, w, { trainable: "all" }).onnxBytes, { graphOptimization: "basic" });
    const out = await s.run(w);
    expect(Number(out["grad/w"]!.data[0])).toBeCloseTo(2 * 0.5 + 0.2, 9); // d/dw (w + 0.2)·w
    await s.dispose();
  });

  test("compilation is deterministic (identical bytes)", () => {
    const build = () => {
      const g = new GraphBuilder();
      const x = g.input("x", [2, 3, 8]);
      const c = g.input("c", [2, 8]);
      g.output("loss", op.mean(nn.ditBlock(g, "b", x, c, { dim: 8, heads: 2, lora: { rank: 2 } })));
      return compileTraining(g, initParameters(g, 1), { trainable: ["lora"] }).onnxBytes;
    };
    expect(Buffer.from(build()).equals(Buffer.from(build()))).toBe(true);
    const g = new GraphBuilder();
    g.output("loss", op.mean(nn.linear(g, "fc", g.input("x", [2, 3]), { inFeatures: 3, outFeatures: 2 })));
    const p = initParameters(g, 0);
    const first = compileTraining(g, p, { trainable: "all" }).onnxBytes;
    const nodes = g.nodes.length;
    expect(Buffer.from(compileTraining(g, p, { trainable: "all" }).onnxBytes).equals(Buffer.from(first))).toBe(true);
    expect(g.nodes.length).toBe(nodes); // the backward is reused, not rebuilt
  });
});

describe("dropout", () => {
  test("train mode multiplies by a mask input; inference mode is the identity", async () => {
    const build = (training: boolean) => {
      const g = new GraphBuilder({ training });
      const x = g.input("x", [2, 4]);
      g.output("y", op.dropout(x, 0.5, { mask: () => g.input("mask", [2, 4]) }));
      return compileInference(g, {});
    };
    expect(build(false).inputNames).toEqual(["x"]);
    const tr = build(true);
    expect(tr.inputNames).toEqual(["x", "mask"]);
    const mask = dropoutMask([2, 4], 0.5, createRng(3));
    expect(values(mask)).toEqual(Array.from(dropoutMask([2, 4], 0.5, createRng(3)).data));
    const s = await Runtime.create(tr.onnxBytes);
    const x = { dims: [2, 4], data: new Float32Array(8).fill(1) };
    const y = (await s.run({ x, mask }))["y"];
    expect(values(y)).toEqual(Array.from(mask.data, (m) => m * 2));
    await s.dispose();
  });
});
