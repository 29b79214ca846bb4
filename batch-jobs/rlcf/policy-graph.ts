/**
 * The fine-tune's training graph: for B stored transitions (x_t → x_{t−1}) it recomputes the
 * guided v̂ under the current LoRA + ACE weights (conditional and null rows in one pass of 2B
 * rows; guidance 1 = B conditional rows only), the DDIM mean and log π, and the PPO surrogate.
 * The text encoder is frozen, so its context comes in as an input. With klWeight > 0 the same
 * graph also runs the anchor (base weights, no LoRA, no ACE) for the KL penalty.
 */
import { GraphBuilder, op, type Tensor } from "../ml/index.js";
import type { LoraConfig } from "../ml/nn/lora.js";
import { aceInputs } from "../generator/ace.js";
import type { Architecture } from "../generator/config.js";
import { contextLength, denoiser, type DenoiserInputs } from "../generator/graphs.js";
import { ddimMean, gaussianKl, gaussianLogProb, ppoSurrogate, type DdimCoefficients } from "./ppo-loss.js";

export interface PolicyGraphOptions {
  /** Absent: no LoRA path in the graph (the ACE-only fine-tune). */
  lora?: LoraConfig;
  guidance: number;
  clipRange: number;
  klWeight: number;
}

export const COEFFICIENT_INPUTS = ["sqrt_ab", "sqrt_1m_ab", "sqrt_ab_prev", "dir_scale", "sigma"] as const;

/** Rows the denoiser sees per transition: 2 with guidance (conditional, null), else 1. */
export const rowsPerTransition = (guidance: number): number => (guidance === 1 ? 1 : 2);

export function buildPolicyGraph(a: Architecture, batch: number, o: PolicyGraphOptions): GraphBuilder {
  const g = new GraphBuilder({ dtype: "float32" });
  const rows = batch * rowsPerTransition(o.guidance);
  const image = [batch, 1, a.size, a.size];
  const xt = g.input("x", image);
  const t = g.input("t", [batch]);
  const shared = { context: g.input("context", [rows, contextLength(a), a.dim]), ctxMask: g.input("ctx_mask", [rows, 1, 1, contextLength(a)]) };
  const both = (x: Tensor): Tensor => (rows === batch ? x : op.concat([x, x], 0));
  const inputs: DenoiserInputs = { x: both(xt), t: both(t), ...shared, ...(a.ace ? { ace: aceInputs(g, rows) } : {}) };
  const [sqrtAlphaBar, sqrtOneMinusAlphaBar, sqrtAlphaBarPrev, dirScale, sigma] = COEFFICIENT_INPUTS.map((n) => g.input(n, [batch, 1, 1, 1])) as [Tensor, Tensor, Tensor, Tensor, Tensor];
  const coefficients: DdimCoefficients = { sqrtAlphaBar, sqrtOneMinusAlphaBar, sqrtAlphaBarPrev, dirScale, sigma };
  const guided = (v: Tensor): Tensor => {
    if (rows === batch) return v;
    const [cond, uncond] = [op.slice(v, 0, 0, batch), op.slice(v, 0, batch, rows)];
    return op.add(uncond, op.mul(op.sub(cond, uncond), o.guidance));
  };
  const mean = ddimMean(xt, guided(denoiser(g, a, inputs, o.lora)), coefficients);
  const logProb = gaussianLogProb(g.input("prev", image), mean, sigma);
  const ppo = ppoSurrogate(logProb, g.input("old_log_prob", [batch]), g.input("advantage", [batch]), o.clipRange);
  let loss = ppo.loss;
  if (o.klWeight > 0) {
    const anchorMean = ddimMean(xt, guided(denoiser(g, { ...a, ace: false }, { x: inputs.x, t: inputs.t, ...shared })), coefficients);
    const kl = op.mean(gaussianKl(mean, anchorMean, sigma));
    loss = op.add(loss, op.mul(kl, o.klWeight));
    g.output("kl_anchor", kl);
  }
  g.output("loss", loss);
  g.output("log_prob", logProb);
  g.output("approx_kl", ppo.approxKl);
  g.output("clip_fraction", ppo.clipFraction);
  return g;
}
