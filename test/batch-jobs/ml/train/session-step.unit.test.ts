import { describe, expect, it } from "vitest";
import type { NamedTensors } from "../../../../batch-jobs/ml/host-tensor.js";
import { stepRng, sessionStepFn } from "../../../../batch-jobs/ml/train/index.js";

// A stand-in with the compiled training graph's contract: loss = Σ w·x, grad/w = x.
const session = {
  async run(feeds: NamedTensors): Promise<NamedTensors> {
    const x = feeds.x!.data as Float32Array;
    const w = feeds.w!.data as Float32Array;
    const loss = x.reduce((s, xi, i) => s + xi * w[i]!, 0);
    return { loss: { dims: [], data: new Float32Array([loss]) }, "grad/w": { dims: [3], data: x.slice() } };
  },
};

describe("sessionStepFn", () => {
  const params = { w: { dims: [3], data: new Float32Array([1, 2, 3]) } };
  const batch = (): NamedTensors => ({ x: { dims: [3], data: new Float32Array([1, 0, -1]) } });

  it("feeds batch + params and maps grad/<name> outputs to gradients", async () => {
    const fn = sessionStepFn({ session, batch, samples: 3 });
    const r = await fn({ step: 0, rng: stepRng(0, 0), params });
    expect(r.loss).toBe(-2);
    expect(Array.from(r.grads.w!.data)).toEqual([1, 0, -1]);
    expect(r.samples).toBe(3);
  });

  it("names a missing gradient output", async () => {
    const fn = sessionStepFn({ session, batch });
    await expect(fn({ step: 0, rng: stepRng(0, 0), params: { ...params, v: { dims: [1], data: new Float32Array(1) } } })).rejects.toThrow(
      /TRAIN_BAD_CONFIG: .*"grad\/v".*"v"/,
    );
  });
});
