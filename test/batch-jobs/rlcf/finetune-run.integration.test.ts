/**
 * The RLCF loop on a tiny generator trained in seconds, with a stand-in reward (the film's mean
 * brightness, so the test needs no reward bundles): the fresh policy is exactly its anchor, the
 * learning signal is not degenerate, the base weights stay bit-identical, and a run that crashes
 * mid-epoch resumes bit-identically.
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileGraphs, GeneratorModel, TRAIN_CONFIGS, trainGenerator, type LoadedGenerator } from "../../../batch-jobs/generator/index.js";
import { brightnessReward } from "../../../batch-jobs/rlcf/brightness-reward.js";
import { FINETUNE_CONFIGS } from "../../../batch-jobs/rlcf/config.js";
import { runFinetune, type RewardScorer } from "../../../batch-jobs/rlcf/finetune-run.js";
import { Policy } from "../../../batch-jobs/rlcf/policy.js";
import { PromptPool } from "../../../batch-jobs/rlcf/prompt-pool.js";
import { canonicalize } from "../../../shared/report/index.js";

const cfg = FINETUNE_CONFIGS.tiny;
let anchor: LoadedGenerator;
let root = "";

const brightness = brightnessReward(TRAIN_CONFIGS.tiny.architecture.size);

async function trainAnchor(configName: "tiny" | "tiny-posture"): Promise<LoadedGenerator> {
  const config = TRAIN_CONFIGS[configName];
  const quiet = { update: () => {}, event: () => {}, done: () => {} };
  const run = await trainGenerator({ config, configName, seed: 1, checkpointDir: path.join(root, `sl-${configName}`), progress: quiet });
  const model = new GeneratorModel(config.architecture, run.tokenizer, compileGraphs(config.architecture, run.params, [4], true), run.params);
  return { model, name: "cxrl", version: `${configName}-1`, config: { kind: "cxr-generator", architecture: config.architecture, training: {} }, weights: run.params };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "cxr-rlcf-"));
  anchor = await trainAnchor("tiny");
}, 60_000);

const prompts = () => new PromptPool(cfg.promptPool, cfg.promptSeedBase);
const run = (dir: string, rewards: RewardScorer = brightness) => runFinetune({ config: cfg, configName: "tiny", seed: 9, anchor, rewards, prompts: prompts(), checkpointDir: path.join(root, dir) });
const snapshot = (t: Record<string, { data: ArrayLike<number | bigint> }>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Array.from(v.data)]));
/** Every anchor weight is in `merged`, byte for byte. */
const expectAnchorDenoiser = (merged: Record<string, { data: ArrayLike<number> }>) => {
  for (const [name, t] of Object.entries(anchor.weights)) expect(Buffer.from((merged[name]!.data as Float32Array).buffer).equals(Buffer.from((t.data as Float32Array).buffer)), name).toBe(true);
};

describe("RLCF fine-tune", () => {
  it("starts exactly at the anchor: zero-gated ACE and zero LoRA give the anchor's bytes", async () => {
    const policy = await Policy.create(anchor, cfg, { seed: 9, rolloutBatch: 4 });
    try {
      const reports = ["FINDINGS: Large left pleural effusion.", "FINDINGS: Cardiomegaly.", "FINDINGS: Lungs clear.", "FINDINGS: Right pneumothorax."].map((r) => canonicalize(r));
      const settings = { steps: 4, guidance: 3, eta: 0 };
      const ours = await policy.model.sample(reports, [1, 2, 3, 4], settings);
      const theirs = await anchor.model.sample(reports, [1, 2, 3, 4], settings);
      expect(Buffer.from(ours.films.buffer).equals(Buffer.from(theirs.films.buffer))).toBe(true);
      const merged = policy.merged();
      expectAnchorDenoiser(merged);
      expect(Object.keys(merged).some((n) => n.includes("lora"))).toBe(false);
      expect(Object.keys(merged).filter((n) => n.startsWith("ace."))).toContain("ace.bank");
    } finally {
      await policy.dispose();
    }
  }, 60_000);

  it("has a learning signal at initialisation, recomputes log-probs on-policy, and keeps the base weights bit-identical", async () => {
    const before = snapshot(anchor.weights);
    const result = await run("plain");
    await result.policy.dispose();
    const first = result.history[0]!;
    expect(first.rewardStd).toBeGreaterThan(0); // x ≠ x̂ although the models are equal (anchor η = 0, shared x_T)
    expect(first.updates[0]!.approxKl).toBeLessThan(1e-8); // first update: same weights as the rollout
    expect(result.history.every((r) => r.updates.every((u) => Number.isFinite(u.loss) && u.gradNorm > 0))).toBe(true);
    expect(snapshot(anchor.weights)).toEqual(before);
  }, 60_000);

  it("ACE alone (trainLora false) trains only the ACE tensors, and its merged model is the anchor's denoiser plus ACE", async () => {
    const aceOnly = { ...cfg, trainLora: false };
    const result = await runFinetune({ config: aceOnly, configName: "tiny", seed: 9, anchor, rewards: brightness, prompts: prompts(), checkpointDir: path.join(root, "ace-only") });
    try {
      const names = Object.keys(result.policy.trainable);
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n.startsWith("ace."))).toBe(true);
      expect(result.history.every((r) => r.updates.every((u) => u.gradNorm > 0))).toBe(true);
      expectAnchorDenoiser(result.policy.merged());
      expect(names.filter((n) => n.startsWith("ace.gate.")).some((n) => result.policy.trainable[n]!.data[0] !== 0)).toBe(true); // it learnt
    } finally {
      await result.policy.dispose();
    }
  }, 60_000);

  it("fine-tunes a posture-conditioned anchor too (rollouts ask for the upright film)", async () => {
    const upright = await trainAnchor("tiny-posture");
    const result = await runFinetune({ config: cfg, configName: "tiny", seed: 9, anchor: upright, rewards: brightness, prompts: prompts(), checkpointDir: path.join(root, "posture") });
    try {
      expect(result.history.every((r) => r.updates.every((u) => Number.isFinite(u.loss) && u.gradNorm > 0))).toBe(true);
    } finally {
      await result.policy.dispose();
      await upright.model.dispose();
    }
  }, 60_000);

  it("resumes after a crash mid-epoch and ends bit-identical to an uninterrupted run", async () => {
    const straight = await run("straight");
    let calls = 0;
    const crashing: RewardScorer = { size: brightness.size, score: (...a) => (++calls === 3 ? Promise.reject(new Error("killed")) : brightness.score(...a)) };
    await expect(run("resumed", crashing)).rejects.toThrow("killed"); // epoch 2's scoring (epoch 1 was checkpointed)
    const resumed = await run("resumed");
    expect(snapshot(resumed.policy.trainable)).toEqual(snapshot(straight.policy.trainable));
    expect(resumed.history.map((r) => r.reward)).toEqual(straight.history.map((r) => r.reward));
    await straight.policy.dispose();
    await resumed.policy.dispose();
  }, 60_000);
});
