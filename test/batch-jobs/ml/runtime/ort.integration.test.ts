/** Runtime: input validation, provider fallback, disposal, session cache, inference ≡ training forward. */
import { describe, expect, test } from "vitest";
import { GraphBuilder, MlError, Runtime, SessionCache, compileInference, compileTraining, initParameters, nn, op } from "../../../../batch-jobs/ml/index.js";
import { values } from "../values.js";

function smallModel() {
  const g = new GraphBuilder();
  const x = g.input("x", [4, 3]);
  const y = g.input("y", [4], "int64");
  const logits = nn.linear(g, "fc", op.tanh(nn.linear(g, "hidden", x, { inFeatures: 3, outFeatures: 5 })), { inFeatures: 5, outFeatures: 2 });
  g.output("loss", op.crossEntropy(logits, y));
  g.output("logits", logits);
  return { g, params: initParameters(g, 7) };
}

const x = { dims: [4, 3], data: Float32Array.from([0.1, -0.2, 0.3, 0.5, 0.4, -0.1, -0.6, 0.2, 0.9, 0.0, 0.3, -0.3]) };
const y = { dims: [4], data: BigInt64Array.from([0n, 1n, 1n, 0n]) };

describe("Runtime", () => {
  test("one error lists every missing, mis-shaped and mistyped input", async () => {
    const { g, params } = smallModel();
    const sess = await Runtime.create(compileTraining(g, params, { trainable: "all" }).onnxBytes);
    const bad = { x: { dims: [4, 2], data: new Float32Array(8) }, y: { dims: [4], data: new Float32Array(4) }, extra: x };
    const err = await sess.run(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MlError);
    const msg = (err as MlError).message;
    expect((err as MlError).code).toBe("ML_RUNTIME_INPUTS");
    expect(msg).toContain('"x" is float32 [4,2], expected float32 [4,3]');
    expect(msg).toContain('"y" is float32 [4], expected int64 [4]');
    for (const p of ["hidden.weight", "hidden.bias", "fc.weight", "fc.bias"]) expect(msg).toContain(`missing "${p}"`);
    expect(msg).toContain('unexpected "extra"');
    await sess.dispose();
  });

  test("unknown and unavailable providers fall back to CPU with a message", async () => {
    const { g, params } = smallModel();
    const bytes = compileInference(g, params, { outputs: ["logits"] }).onnxBytes;
    for (const provider of ["tpu", "cuda"]) {
      const messages: string[] = [];
      const sess = await Runtime.create(bytes, { provider, onMessage: (m) => messages.push(m) });
      expect(sess.provider).toBe("cpu");
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain(`"${provider}"`);
      expect(sess.fallbackMessage).toBe(messages[0]);
      expect((await sess.run({ x }))["logits"]!.dims).toEqual([4, 2]);
      await sess.dispose();
    }
  });

  test("outputs can be written into caller-owned buffers; a mismatched one is rejected", async () => {
    const { g, params } = smallModel();
    const sess = await Runtime.create(compileTraining(g, params, { trainable: "all" }).onnxBytes);
    const grad = { dims: [5, 2], data: new Float32Array(10) };
    const out = await sess.run({ x, y, ...params }, { into: { "grad/fc.weight": grad } });
    expect(out["grad/fc.weight"]).toBe(grad);
    expect(grad.data.some((v) => v !== 0)).toBe(true);
    const fresh = await sess.run({ x, y, ...params }, { outputs: ["loss", "grad/fc.weight"] });
    expect(Object.keys(fresh)).toEqual(["loss", "grad/fc.weight"]);
    expect(values(fresh["grad/fc.weight"])).toEqual(values(grad));
    const bad = { dims: [2, 5], data: new Float32Array(10) };
    await expect(sess.run({ x, y, ...params }, { into: { "grad/fc.weight": bad, nope: bad } })).rejects.toThrow(/into.grad\/fc.weight" is float32 \[2,5\], output is float32 \[5,2\].*"nope", which is not an output/);
    await sess.dispose();
  });

  test("turning off ORT's memory pattern changes memory planning, not results", async () => {
    const { g, params } = smallModel();
    const bytes = compileTraining(g, params, { trainable: "all" }).onnxBytes;
    const planned = await Runtime.create(bytes);
    const unplanned = await Runtime.create(bytes, { memoryPattern: false });
    const a = await planned.run({ x, y, ...params });
    const b = await unplanned.run({ x, y, ...params });
    for (const name of planned.outputNames) expect(values(b[name]!)).toEqual(values(a[name]!));
    await planned.dispose();
    await unplanned.dispose();
  });

  test("dispose frees the session and later runs fail clearly", async () => {
    const { g, params } = smallModel();
    const sess = await Runtime.create(compileInference(g, params, { outputs: ["logits"] }).onnxBytes);
    await sess.run({ x });
    await sess.dispose();
    expect(sess.disposed).toBe(true);
    await sess.dispose(); // idempotent
    await expect(sess.run({ x })).rejects.toMatchObject({ code: "ML_RUNTIME_DISPOSED" });
  });

  test("session cache reuses a session per (model, options) and disposes all", async () => {
    const { g, params } = smallModel();
    const bytes = compileInference(g, params, { outputs: ["logits"] }).onnxBytes;
    const cache = new SessionCache();
    const a = await cache.get(bytes, { intraOpThreads: 1 });
    expect(await cache.get(bytes, { intraOpThreads: 1 })).toBe(a);
    expect(await cache.get(bytes, { intraOpThreads: 2 })).not.toBe(a);
    expect(cache.size).toBe(2);
    await a.dispose(); // a caller disposed it: the cache makes a fresh one
    const again = await cache.get(bytes, { intraOpThreads: 1 });
    expect(again).not.toBe(a);
    expect(again.disposed).toBe(false);
    await cache.dispose();
    expect(again.disposed).toBe(true);
  });

  test("inference and training graphs agree on the forward value; inference drops unneeded inputs", async () => {
    const { g, params } = smallModel();
    const train = compileTraining(g, params, { trainable: ["base"] });
    const inf = compileInference(g, params);
    const logitsOnly = compileInference(g, params, { outputs: ["logits"] });
    expect(train.inputNames).toEqual(["x", "y", "hidden.weight", "hidden.bias", "fc.weight", "fc.bias"]);
    expect(train.outputNames).toEqual(["loss", "logits", "grad/hidden.weight", "grad/hidden.bias", "grad/fc.weight", "grad/fc.bias"]);
    expect(logitsOnly.inputNames).toEqual(["x"]);
    const ts = await Runtime.create(train.onnxBytes);
    const is = await Runtime.create(inf.onnxBytes);
    const t = await ts.run({ x, y, ...params });
    const i = await is.run({ x, y });
    expect(values(i["logits"])).toEqual(values(t["logits"]));
    expect(Number(i["loss"]!.data[0])).toBeCloseTo(Number(t["loss"]!.data[0]), 6);
    expect(t["grad/fc.weight"]!.dims).toEqual([5, 2]);
    await ts.dispose();
    await is.dispose();
  });
});
