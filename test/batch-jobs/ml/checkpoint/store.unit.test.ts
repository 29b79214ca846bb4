import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  listCheckpoints,
  loadCheckpoint,
  loadLatestCheckpoint,
  saveCheckpoint,
  OPTIMIZER_FILE,
  WEIGHTS_FILE,
} from "../../../../batch-jobs/ml/checkpoint/index.js";
import { createAdamW } from "../../../../batch-jobs/ml/optim/index.js";
import type { NamedTensors } from "../../../../batch-jobs/ml/host-tensor.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "ckpt-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function model(seed: number): NamedTensors<Float32Array> {
  const w = new Float32Array(3 * 5).map((_, i) => Math.sin(seed * 31 + i) * 0.1);
  const b = new Float32Array(5).map((_, i) => seed + i / 7);
  return { "layer.w": { dims: [3, 5], data: w }, "layer.b": { dims: [5], data: b } };
}

function saveStep(step: number): NamedTensors<Float32Array> {
  const params = model(step);
  const opt = createAdamW(params);
  opt.step(params, model(step + 100), 1e-3);
  saveCheckpoint(root, { step, weights: params, optimizer: opt.state(), config: { lr: 1e-3 }, trainer: { seed: 7, nextStep: step } });
  return params;
}

const bits = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe("checkpoint store", () => {
  it("round-trips weights, optimiser state and manifest bit-exactly", () => {
    const params = model(1);
    const opt = createAdamW(params, { weightDecay: 0.05 });
    opt.step(params, model(2), 1e-2);
    const ref = saveCheckpoint(root, { step: 1, weights: params, optimizer: opt.state(), config: { name: "tiny" }, trainer: { seed: 3 } });
    const loaded = loadCheckpoint(ref.dir, { expectShapes: { "layer.w": [3, 5], "layer.b": [5] } });
    for (const name of Object.keys(params)) expect(bits(loaded.weights[name]!.data).equals(bits(params[name]!.data))).toBe(true);
    const state = opt.state();
    expect(loaded.optimizer?.step).toBe(1);
    expect(loaded.optimizer?.hyper).toEqual(state.hyper);
    for (const [name, t] of Object.entries(state.tensors)) expect(bits(loaded.optimizer!.tensors[name]!.data).equals(bits(t.data))).toBe(true);
    const again = createAdamW(model(0), { weightDecay: 0.05 });
    again.restore(loaded.optimizer!);
    expect(again.stepCount).toBe(1);
    expect(loaded.manifest.config).toEqual({ name: "tiny" });
    expect(loaded.manifest.trainer).toEqual({ seed: 3 });
    expect(loaded.manifest.files[WEIGHTS_FILE]!.tensors["layer.w"]).toEqual({ dtype: "F32", shape: [3, 5] });
    expect(loaded.manifest.files[WEIGHTS_FILE]!.bytes).toBe(readFileSync(join(ref.dir, WEIGHTS_FILE)).byteLength);
  });

  it("records the previous checkpoint as parent and lists steps in order", () => {
    saveStep(10);
    saveStep(20);
    expect(listCheckpoints(root).map((c) => c.step)).toEqual([10, 20]);
    expect(loadLatestCheckpoint(root)!.manifest.parent).toBe("step-00000010");
  });

  it("a corrupted byte gives a hash error naming the file", () => {
    saveStep(5);
    const path = join(listCheckpoints(root)[0]!.dir, OPTIMIZER_FILE);
    const bytes = readFileSync(path);
    bytes[bytes.byteLength - 3]! ^= 0x01;
    writeFileSync(path, bytes);
    expect(() => loadLatestCheckpoint(root)).toThrow(new RegExp(`CHECKPOINT_HASH_MISMATCH: .*${OPTIMIZER_FILE} is corrupted: sha256 [0-9a-f]{64}, manifest expects [0-9a-f]{64}`));
  });

  it("a truncated file is reported with expected and found sizes", () => {
    saveStep(5);
    const path = join(listCheckpoints(root)[0]!.dir, WEIGHTS_FILE);
    const size = readFileSync(path).byteLength;
    truncateSync(path, size - 10);
    expect(() => loadLatestCheckpoint(root)).toThrow(new RegExp(`CHECKPOINT_TRUNCATED: .*${WEIGHTS_FILE} is truncated: manifest says ${size} bytes, found ${size - 10}`));
  });

  it("a shape the model does not expect names the tensor and both shapes", () => {
    saveStep(5);
    expect(() => loadLatestCheckpoint(root, { expectShapes: { "layer.w": [5, 3], "layer.b": [5] } })).toThrow(
      /CHECKPOINT_TENSOR_MISMATCH: .*tensor "layer.w": expected shape \[5,3\], found \[3,5\]/,
    );
    expect(() => loadLatestCheckpoint(root, { expectShapes: { "layer.w": [3, 5], "layer.b": [5], extra: [1] } })).toThrow(/tensor "extra" missing/);
  });

  it("a file swapped for another valid one fails the hash check", () => {
    saveStep(5);
    saveStep(6);
    const [a, b] = listCheckpoints(root);
    writeFileSync(join(b!.dir, WEIGHTS_FILE), readFileSync(join(a!.dir, WEIGHTS_FILE)));
    expect(() => loadCheckpoint(b!.dir)).toThrow(/CHECKPOINT_HASH_MISMATCH/);
  });

  it("a crash between write and rename leaves the previous checkpoint intact", () => {
    const previous = saveStep(10);
    const params = model(20);
    let renames = 0;
    expect(() =>
      saveCheckpoint(
        root,
        { step: 20, weights: params, optimizer: createAdamW(params).state() },
        {
          beforeRename: () => {
            if (++renames === 2) throw new Error("simulated crash");
          },
        },
      ),
    ).toThrow("simulated crash");
    expect(listCheckpoints(root).map((c) => c.step)).toEqual([10]);
    expect(readdirSync(root).filter((n) => n !== "step-00000010")).toEqual([]);
    const loaded = loadLatestCheckpoint(root)!;
    expect(loaded.manifest.step).toBe(10);
    expect(bits(loaded.weights["layer.w"]!.data).equals(bits(previous["layer.w"]!.data))).toBe(true);
  });

  it("re-saving a step replaces it, and keepLast prunes old steps", () => {
    saveStep(1);
    saveStep(2);
    saveStep(2);
    saveCheckpoint(root, { step: 3, weights: model(3) }, { keepLast: 2 });
    expect(listCheckpoints(root).map((c) => c.step)).toEqual([2, 3]);
    expect(loadLatestCheckpoint(root)!.optimizer).toBeNull();
  });

  it("reports a folder without manifest and an empty root", () => {
    expect(loadLatestCheckpoint(root)).toBeNull();
    expect(() => loadCheckpoint(join(root, "nope"))).toThrow(/CHECKPOINT_NOT_FOUND: no manifest.json/);
    saveStep(1);
    const dir = listCheckpoints(root)[0]!.dir;
    writeFileSync(join(dir, "manifest.json"), '{"format":"cxr-checkpoint/1","step":-1}');
    expect(() => loadCheckpoint(dir)).toThrow(/CHECKPOINT_BAD_MANIFEST: .*manifest.json: step/);
    expect(existsSync(join(dir, WEIGHTS_FILE))).toBe(true);
  });
});
