/**
 * The update half of an epoch (DDPO's inner loop, one inner epoch): per film a random share of
 * its steps (timestepFraction), films shuffled and split into `updatesPerEpoch` groups; each group's
 * transitions run through the policy graph in chunks of trainBatch, gradients averaged over the
 * group, clipped, one AdamW step. A short last chunk is padded with advantage-0 rows, which add
 * nothing to the loss or its gradient, so chunk gradients weighted by trainBatch/transitions
 * give exactly the group mean.
 */
import type { Rng } from "../../shared/random.js";
import type { CanonicalReport } from "../../shared/report/types.js";
import { clipGradNorm, type NamedTensors, type Optimizer, type Params } from "../ml/index.js";
import { ACE_TOKENS, aceIds } from "../generator/ace.js";
import { ddimSigma } from "../generator/ddim.js";
import { conditionFeeds, encodeReport } from "../generator/feeds.js";
import { contextLength } from "../generator/graphs.js";
import { ddimStepAlphas } from "../generator/sampler.js";
import { cosineAlphaBar } from "../generator/schedule.js";
import type { FinetuneConfig } from "./config.js";
import { COEFFICIENT_INPUTS, rowsPerTransition } from "./policy-graph.js";
import type { Policy } from "./policy.js";
import { transition, type Rollout } from "./rollout.js";

/** What the frozen encoder gives one report, for both guidance branches. */
interface PromptContext {
  cond: { context: Float32Array; mask: Float32Array };
  uncond: { context: Float32Array; mask: Float32Array };
  aceIds: number[];
}

export interface UpdateStats {
  loss: number;
  approxKl: number;
  clipFraction: number;
  gradNorm: number;
  transitions: number;
}

export async function encodePrompts(policy: Policy, reports: readonly CanonicalReport[]): Promise<PromptContext[]> {
  const a = policy.architecture;
  const out: PromptContext[] = [];
  for (const report of reports) {
    const row = encodeReport(policy.model.tokenizer, report);
    const branch = async (keep: boolean) => {
      const { ctx_mask: mask, ...feeds } = conditionFeeds(a, [row], [{ keep, showText: true }]);
      const context = (await policy.encoder.run(feeds))["context"]!.data as Float32Array;
      return { context: Float32Array.from(context), mask: mask!.data as Float32Array };
    };
    out.push({ cond: await branch(true), uncond: await branch(false), aceIds: aceIds(row.codes) });
  }
  return out;
}

export interface EpochData {
  rollout: Rollout;
  /** Per film: index into prompts, and its clipped advantage. */
  filmPrompt: readonly number[];
  advantages: readonly number[];
  prompts: readonly PromptContext[];
}

export async function ppoUpdates(policy: Policy, optimizer: Optimizer, cfg: FinetuneConfig, data: EpochData, rng: Rng): Promise<UpdateStats[]> {
  const schedule = ddimStepAlphas(cfg.steps, cosineAlphaBar());
  const perFilm = Math.max(1, Math.round(cfg.timestepFraction * cfg.steps));
  const films = shuffled(rng, Array.from({ length: data.rollout.count }, (_, i) => i));
  const groupSize = Math.ceil(films.length / cfg.updatesPerEpoch);
  const stats: UpdateStats[] = [];
  for (let g = 0; g < films.length; g += groupSize) {
    const pairs = films.slice(g, g + groupSize).flatMap((film) => shuffled(rng, schedule.map((_, k) => k)).slice(0, perFilm).map((step) => ({ film, step })));
    const grads: Params = {};
    const sums = { loss: 0, approxKl: 0, clipFraction: 0 };
    for (let c = 0; c < pairs.length; c += cfg.trainBatch) {
      const chunk = pairs.slice(c, c + cfg.trainBatch);
      const out = await policy.training.run({ ...chunkFeeds(policy, cfg, data, schedule, chunk), ...policy.trainable });
      const weight = chunk.length / pairs.length; // padded rows count zero (advantage 0)
      const rowsWeight = cfg.trainBatch / pairs.length;
      sums.loss += rowsWeight * scalar(out, "loss");
      // Diagnostics: padded rows repeat a real one, so the chunk mean stands for its real rows.
      sums.approxKl += weight * scalar(out, "approx_kl");
      sums.clipFraction += weight * scalar(out, "clip_fraction");
      for (const name of Object.keys(policy.trainable)) {
        const grad = out[`grad/${name}`]!.data as Float32Array;
        const acc = (grads[name] ??= { dims: [...policy.trainable[name]!.dims], data: new Float32Array(grad.length) });
        for (let i = 0; i < grad.length; i++) acc.data[i]! += rowsWeight * grad[i]!;
      }
    }
    const gradNorm = clipGradNorm(grads, cfg.clipNorm);
    optimizer.step(policy.trainable, grads, cfg.lr);
    stats.push({ ...sums, gradNorm, transitions: pairs.length });
  }
  return stats;
}

function shuffled<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

const scalar = (out: NamedTensors, name: string): number => Number(out[name]!.data[0]);

function chunkFeeds(policy: Policy, cfg: FinetuneConfig, data: EpochData, schedule: ReturnType<typeof ddimStepAlphas>, chunk: readonly { film: number; step: number }[]): NamedTensors {
  const a = policy.architecture;
  const B = cfg.trainBatch;
  const n = a.size ** 2;
  const L = contextLength(a);
  const branches = rowsPerTransition(cfg.guidance);
  const rows = B * branches;
  const f32 = (len: number) => new Float32Array(len);
  const [x, prev, t, oldLogProb, advantage] = [f32(B * n), f32(B * n), f32(B), f32(B), f32(B)];
  const coefficients = COEFFICIENT_INPUTS.map(() => f32(B));
  const [context, ctxMask, aceOn] = [f32(rows * L * a.dim), f32(rows * L), f32(rows)];
  const ace = new BigInt64Array(rows * ACE_TOKENS);
  for (let r = 0; r < B; r++) {
    // Padding repeats the first row with advantage 0 (no loss, no gradient).
    const { film, step } = chunk[r] ?? chunk[0]!;
    const tr = transition(data.rollout, film, step, n);
    x.set(tr.xt, r * n);
    prev.set(tr.prev, r * n);
    const { alphaBarT, alphaBarPrev } = schedule[step]!;
    const sigma = ddimSigma(alphaBarT, alphaBarPrev, cfg.eta);
    [Math.sqrt(alphaBarT), Math.sqrt(1 - alphaBarT), Math.sqrt(alphaBarPrev), Math.sqrt(Math.max(0, 1 - alphaBarPrev - sigma * sigma)), sigma].forEach((v, i) => (coefficients[i]![r] = v));
    t[r] = tr.t;
    oldLogProb[r] = tr.logProb;
    advantage[r] = r < chunk.length ? data.advantages[film]! : 0;
    const prompt = data.prompts[data.filmPrompt[film]!]!;
    const branchRows = branches === 1 ? [{ row: r, ctx: prompt.cond, on: 1 }] : [{ row: r, ctx: prompt.cond, on: 1 }, { row: B + r, ctx: prompt.uncond, on: 0 }];
    for (const { row, ctx, on } of branchRows) {
      context.set(ctx.context, row * L * a.dim);
      ctxMask.set(ctx.mask, row * L);
      aceOn[row] = on;
      prompt.aceIds.forEach((id, j) => (ace[row * ACE_TOKENS + j] = BigInt(id)));
    }
  }
  const image = [B, 1, a.size, a.size];
  const column = [B, 1, 1, 1];
  return {
    x: { dims: image, data: x },
    prev: { dims: image, data: prev },
    t: { dims: [B], data: t },
    old_log_prob: { dims: [B], data: oldLogProb },
    advantage: { dims: [B], data: advantage },
    context: { dims: [rows, L, a.dim], data: context },
    ctx_mask: { dims: [rows, 1, 1, L], data: ctxMask },
    ...Object.fromEntries(COEFFICIENT_INPUTS.map((name, i) => [name, { dims: column, data: coefficients[i]! }])),
    ...(a.ace ? { ace_ids: { dims: [rows, ACE_TOKENS], data: ace }, ace_on: { dims: [rows, 1, 1], data: aceOn } } : {}),
  };
}
