/** Protobuf wire format of the hand-written ONNX encoder, and the compiled model's signature. */
import { describe, expect, test } from "vitest";
import { GraphBuilder, Runtime, compileInference, compileTraining, initParameters, nn, op } from "../../../../batch-jobs/ml/index.js";
import { ProtoWriter } from "../../../../batch-jobs/ml/onnx/protobuf.js";
import { IR_VERSION, OPSET, encodeModel } from "../../../../batch-jobs/ml/onnx/onnx-proto.js";
import { values } from "../values.js";

describe("protobuf writer", () => {
  test("varints, negative int64, floats and nested messages follow the wire format", () => {
    expect(Array.from(new ProtoWriter().int(1, 300).finish())).toEqual([0x08, 0xac, 0x02]);
    expect(Array.from(new ProtoWriter().int(2, -1).finish())).toEqual([0x10, ...new Array(9).fill(0xff), 0x01]);
    expect(Array.from(new ProtoWriter().float(2, 1).finish())).toEqual([0x15, 0, 0, 0x80, 0x3f]);
    expect(Array.from(new ProtoWriter().message(3, (m) => m.string(1, "ab")).finish())).toEqual([0x1a, 4, 0x0a, 2, 0x61, 0x62]);
    expect(Array.from(new ProtoWriter().int(1, 2 ** 40).finish())).toEqual([0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
  });

  test("a hand-built model header carries IR version and opset", () => {
    const bytes = encodeModel({ name: "g", nodes: [], initializers: [], inputs: [], outputs: [] });
    expect(bytes[0]).toBe(0x08);
    expect(bytes[1]).toBe(IR_VERSION);
    expect(Array.from(bytes.slice(-6))).toEqual([0x42, 4, 0x0a, 0, 0x10, OPSET]); // opset_import { domain: "", version }
  });
});

describe("compiled signature", () => {
  test("specs list names, dims and dtypes; parameters go as raw initializers ORT accepts", async () => {
    const g = new GraphBuilder();
    const x = g.input("x", [2, 64]);
    g.output("y", nn.linear(g, "big", x, { inFeatures: 64, outFeatures: 512 }));
    g.output("loss", op.mean(g.outputs.get("y")!));
    const params = initParameters(g, 2);
    const inf = compileInference(g, params);
    expect(inf.inputs).toEqual([{ name: "x", dims: [2, 64], dtype: "float32" }]);
    expect(inf.outputs.map((o) => [o.name, o.dims])).toEqual([["y", [2, 512]], ["loss", []]]);
    expect(inf.onnxBytes.length).toBeGreaterThan(64 * 512 * 4); // weights embedded
    const tr = compileTraining(g, params, { trainable: "all" });
    expect(tr.onnxBytes.length).toBeLessThan(4096); // trainable weights are inputs, not initializers
    const s = await Runtime.create(inf.onnxBytes);
    const xs = { dims: [2, 64], data: new Float32Array(128).fill(0.5) };
    const y = (await s.run({ x: xs }))["y"];
    const w = params["big.weight"]!.data;
    const b = params["big.bias"]!.data;
    let expected = b[3]!;
    for (let i = 0; i < 64; i++) expected += 0.5 * w[i * 512 + 3]!;
    expect(values(y)[3]).toBeCloseTo(expected, 5);
    await s.dispose();
  });
});
