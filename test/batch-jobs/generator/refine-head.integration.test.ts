/** The refinement head (architecture.refine): grown onto a parent without it, it starts at the parent's films and then learns. */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileGraphs, GeneratorModel, TRAIN_CONFIGS, trainGenerator } from "../../../batch-jobs/generator/index.js";
import { buildDenoiserGraph, REFINE_PREFIX } from "../../../batch-jobs/generator/graphs.js";
import { initParameters } from "../../../batch-jobs/ml/index.js";
import type { ProgressReporter } from "../../../batch-jobs/ml/train/progress.js";
import { canonicalize } from "../../../shared/report/index.js";

const quiet: ProgressReporter = { update: () => {}, event: () => {}, done: () => {} };
const tmp = () => mkdtemp(path.join(os.tmpdir(), "cxr-refine-"));
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

describe("the refinement head", () => {
  const plain = TRAIN_CONFIGS.tiny;
  const refined = TRAIN_CONFIGS["tiny-refine"];

  it("added to a parent without it, draws the parent's films bit for bit until trained", async () => {
    const parent = await trainGenerator({ config: plain, configName: "tiny", seed: 3, checkpointDir: await tmp(), progress: quiet });
    const head = Object.fromEntries(Object.entries(initParameters(buildDenoiserGraph(refined.architecture, 1), 5)).filter(([name]) => name.startsWith(REFINE_PREFIX)));
    expect(Object.keys(head).length).toBeGreaterThan(0);
    const before = await films(plain.architecture, parent);
    const grown = await films(refined.architecture, { tokenizer: parent.tokenizer, params: { ...parent.params, ...head } });
    expect(Buffer.from(grown.buffer).equals(Buffer.from(before.buffer))).toBe(true);
  }, 60_000);

  it("trains from such a parent: the head's last convolution leaves zero, the rest is inherited", async () => {
    const parent = await trainGenerator({ config: plain, configName: "tiny", seed: 3, checkpointDir: await tmp(), progress: quiet });
    const child = await trainGenerator({ config: refined, configName: "tiny-refine", seed: 4, checkpointDir: await tmp(), progress: quiet, init: parent });
    const last = child.params[`${REFINE_PREFIX}conv2.weight`]!.data;
    expect(last.some((w) => w !== 0)).toBe(true);
    expect(Object.keys(child.params).filter((n) => !n.startsWith(REFINE_PREFIX)).sort()).toEqual(Object.keys(parent.params).sort());
  }, 60_000);

  it("a parent with other differences is still refused", async () => {
    const parent = await trainGenerator({ config: refined, configName: "tiny-refine", seed: 3, checkpointDir: await tmp(), progress: quiet });
    const other = { ...refined, architecture: { ...refined.architecture, refine: 8 } };
    await expect(trainGenerator({ config: other, configName: "tiny-refine", seed: 4, checkpointDir: await tmp(), progress: quiet, init: parent })).rejects.toThrow(/has no parameter dn\.refine\./);
  }, 60_000);
});
