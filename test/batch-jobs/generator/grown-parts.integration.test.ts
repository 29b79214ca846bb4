/**
 * Parts a config may grow on a parent without them (architecture.refine, architecture.posture):
 * each starts at the parent's films bit for bit, then learns; other mismatches are still refused.
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canContinue } from "../../../batch-jobs/generator/config.js";
import { compileGraphs, GeneratorModel, TRAIN_CONFIGS, trainGenerator } from "../../../batch-jobs/generator/index.js";
import { buildTrainingGraph, POSTURE_PREFIX, REFINE_PREFIX } from "../../../batch-jobs/generator/graphs.js";
import { initParameters } from "../../../batch-jobs/ml/index.js";
import type { ProgressReporter } from "../../../batch-jobs/ml/train/progress.js";
import { canonicalize } from "../../../shared/report/index.js";

const quiet: ProgressReporter = { update: () => {}, event: () => {}, done: () => {} };
const tmp = () => mkdtemp(path.join(os.tmpdir(), "cxr-grown-"));
const reports = ["Large left pleural effusion.", "No acute cardiopulmonary process."].map((t) => canonicalize(t));
const settings = { steps: 4, eta: 0, guidance: 2 };

async function films(architecture: GeneratorModel["architecture"], run: { tokenizer: GeneratorModel["tokenizer"]; params: Parameters<typeof compileGraphs>[1] }) {
  const model = new GeneratorModel(architecture, run.tokenizer, compileGraphs(architecture, run.params, [2], false), {});
  try {
    return (await model.sample(reports, [1, 2], settings)).films;
  } finally {
    await model.dispose();
  }
}

const parts = [
  { part: "the refinement head", name: "tiny-refine", prefix: REFINE_PREFIX, learnt: `${REFINE_PREFIX}conv2.weight`, other: { refine: 8 }, refused: /has no parameter dn\.refine\./ },
  { part: "the posture condition", name: "tiny-posture", prefix: POSTURE_PREFIX, learnt: `${POSTURE_PREFIX}weight`, other: { maxTokens: 16 }, refused: /has no parameter/ },
] as const;

describe.each(parts)("$part", ({ name, prefix, learnt, other, refused }) => {
  const plain = TRAIN_CONFIGS.tiny;
  const grown = TRAIN_CONFIGS[name];

  it("added to a parent without it, draws the parent's films bit for bit until trained", async () => {
    const parent = await trainGenerator({ config: plain, configName: "tiny", seed: 3, checkpointDir: await tmp(), progress: quiet });
    const added = Object.fromEntries(Object.entries(initParameters(buildTrainingGraph(grown.architecture, 1), 5)).filter(([n]) => n.startsWith(prefix)));
    expect(Object.keys(added).length).toBeGreaterThan(0);
    const before = await films(plain.architecture, parent);
    const after = await films(grown.architecture, { tokenizer: parent.tokenizer, params: { ...parent.params, ...added } });
    expect(Buffer.from(after.buffer).equals(Buffer.from(before.buffer))).toBe(true);
  }, 60_000);

  it("trains from such a parent: its parameters leave their zero start, the rest is inherited", async () => {
    const parent = await trainGenerator({ config: plain, configName: "tiny", seed: 3, checkpointDir: await tmp(), progress: quiet });
    const child = await trainGenerator({ config: grown, configName: name, seed: 4, checkpointDir: await tmp(), progress: quiet, init: parent });
    expect(child.params[learnt]!.data.some((w) => w !== 0)).toBe(true);
    expect(Object.keys(child.params).filter((n) => !n.startsWith(prefix)).sort()).toEqual(Object.keys(parent.params).sort());
  }, 60_000);

  it("a parent with other differences is still refused", async () => {
    const parent = await trainGenerator({ config: grown, configName: name, seed: 3, checkpointDir: await tmp(), progress: quiet });
    const changed = { ...grown, architecture: { ...grown.architecture, ...other } };
    await expect(trainGenerator({ config: changed, configName: name, seed: 4, checkpointDir: await tmp(), progress: quiet, init: parent })).rejects.toThrow(refused);
  }, 60_000);
});

describe("canContinue (the train job's parent check)", () => {
  const tiny = TRAIN_CONFIGS.tiny.architecture;
  it("accepts the same architecture and any growable parts the parent lacks", () => {
    expect(canContinue(tiny, tiny)).toBe(true);
    expect(canContinue(tiny, { ...tiny, refine: 4 })).toBe(true);
    expect(canContinue(tiny, { ...tiny, posture: true })).toBe(true);
    expect(canContinue(tiny, { ...tiny, refine: 4, posture: true })).toBe(true);
    expect(canContinue({ ...tiny, refine: 4 }, { ...tiny, refine: 4, posture: true })).toBe(true);
  });
  it("refuses dropping or resizing a part, and any other difference", () => {
    expect(canContinue({ ...tiny, posture: true }, tiny)).toBe(false);
    expect(canContinue({ ...tiny, refine: 4 }, { ...tiny, refine: 8 })).toBe(false);
    expect(canContinue(tiny, { ...tiny, posture: true, dim: 64 })).toBe(false);
  });
});
