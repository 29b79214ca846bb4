#!/usr/bin/python3
"""PyTorch reference for bench/finetune/finetune.bench.ts: one PPO step of the CXRL fine-tune
(batch-jobs/rlcf/policy-graph.ts, ppo-loss.ts, ppo-update.ts) on the generator of
bench/generate/reference_torch.py, timed on the same machine and thread count. Prints ONE JSON
object on its last line.

The policy is the frozen denoiser (requires_grad False) plus
  - LoRA rank r, α on every projection our graph adapts (ml/nn/attention.ts q, k, v, out of the
    self- and cross-attention; ml/nn/mlp.ts fc1, fc2), none elsewhere (adaLN, time, final);
  - ACE (generator/ace.ts): a bank [ACE_BANK_ROWS, d] gathered by ace ids, attended by each block's
    cross-attention in a separate softmax (the cross's LoRA included), added times a zero-init
    per-block gate × 10 × ace_on (0 on the null rows).
One step for B transitions: guided v̂ from one pass of 2B rows (conditional, null), DDIM mean,
Gaussian log π (mean over pixels), PPO clipped surrogate, backward, gradient-norm clip, AdamW on
LoRA + ACE only (weight decay 0, as runFinetune). The frozen encoder's context is an input.

Not part of `npm test` or CI. Needs Debian's PyTorch for /usr/bin/python3:
    apt-get install -y python3-torch libopenblas0-pthread
Keep in sync with the TS graphs: the bench compares the denoiser's, LoRA's and ACE's parameter
counts and refuses to report a ratio when they differ.
"""
import math
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "generate"))
from reference_torch import A, Attention, Mlp, condition_inputs, cosine_alpha_bar, count, ddim_timesteps, finish, reference_args, start, timed  # noqa: E402

# generator/ace.ts: one token per CheXpert label (14) and one for the view; 5 statuses per label, 4×4 views.
ACE_TOKENS = 15
ACE_BANK_ROWS = 14 * 5 + 4 * 4
GATE_SCALE = 10
HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


class LoraLinear(nn.Module):
    """h = base(x) + (α/r)·(x·A)·B (ml/nn/lora.ts): A [in, r] fan-in uniform, B [r, out] zero."""

    def __init__(self, base, rank, alpha):
        super().__init__()
        self.base = base
        bound = 1 / math.sqrt(base.in_features)
        self.a = nn.Parameter(torch.empty(base.in_features, rank).uniform_(-bound, bound))
        self.b = nn.Parameter(torch.zeros(rank, base.out_features))
        self.scale = alpha / rank

    def forward(self, x):
        return self.base(x) + (x @ self.a) @ self.b * self.scale


def add_lora(den, rank, alpha):
    """LoRA on the denoiser's attention (self and cross: q, k, v, out) and MLP (fc1, fc2) projections."""
    for blk in den.blocks:
        for m in list(blk.modules()):
            names = ("q", "k", "v", "out") if isinstance(m, Attention) else ("fc1", "fc2") if isinstance(m, Mlp) else ()
            for n in names:
                setattr(m, n, LoraLinear(getattr(m, n), rank, alpha))


def lora_params(den):
    return [p for m in den.modules() if isinstance(m, LoraLinear) for p in (m.a, m.b)]


class Ace(nn.Module):
    """The bank and one zero-initialised gate per block; forward gives the Denoiser's `ace` argument."""

    def __init__(self, d=A["dim"], depth=A["depth"]):
        super().__init__()
        self.bank = nn.Parameter(torch.randn(ACE_BANK_ROWS, d))
        self.gates = nn.ParameterList(nn.Parameter(torch.zeros(1)) for _ in range(depth))

    def forward(self, ids, on):
        return self.bank[ids], [g * GATE_SCALE * on for g in self.gates]


def ddim_coefficients(b, steps, eta, gen):
    """Per-row [b, 1, 1, 1] √ᾱ_t, √(1−ᾱ_t), √ᾱ_prev, √(1−ᾱ_prev−σ²), σ at random steps of the schedule (sampler.ts)."""
    ab, ts = cosine_alpha_bar(), ddim_timesteps(steps)
    rows, t = [], []
    for k in torch.randint(0, steps, (b,), generator=gen).tolist():
        a_t, a_p = ab[ts[k]], ab[ts[k + 1]] if k + 1 < steps else ab[0]
        sigma = eta * math.sqrt((1 - a_p) / (1 - a_t) * (1 - a_t / a_p))
        rows.append([math.sqrt(a_t), math.sqrt(1 - a_t), math.sqrt(a_p), math.sqrt(max(0.0, 1 - a_p - sigma**2)), sigma])
        t.append(float(ts[k]))
    c = torch.tensor(rows).T.reshape(5, b, 1, 1, 1)
    return dict(zip(("sqrt_ab", "sqrt_1m_ab", "sqrt_ab_prev", "dir_scale", "sigma"), c)), torch.tensor(t)


def transitions(enc, b, steps, eta, guidance, gen):
    """B stored transitions shaped like ppo-update.ts's chunkFeeds (values do not change the cost)."""
    img = lambda: torch.randn(b, 1, A["size"], A["size"], generator=gen)
    coef, t = ddim_coefficients(b, steps, eta, gen)
    feeds_c, mask_c = condition_inputs(b, True, gen)
    feeds_u, mask_u = condition_inputs(b, False, gen)
    with torch.no_grad():
        ctx_c = enc(**feeds_c)
        two = guidance != 1
        context = torch.cat([ctx_c, enc(**feeds_u)]) if two else ctx_c
    rows = 2 * b if two else b
    on = torch.cat([torch.ones(b), torch.zeros(b)]) if two else torch.ones(b)
    return dict(x=img(), prev=img(), t=t, context=context, ctx_mask=torch.cat([mask_c, mask_u]) if two else mask_c,
                ace_ids=torch.randint(0, ACE_BANK_ROWS, (rows, ACE_TOKENS), generator=gen), ace_on=on.reshape(rows, 1, 1),
                old_log_prob=torch.randn(b, generator=gen) * 0.01 - 1.0, advantage=torch.randn(b, generator=gen), **coef)


def ppo_loss(den, ace, f, guidance, clip_range):
    """policy-graph.ts + ppo-loss.ts: ρ = exp(log π_θ − log π_old), L = mean max(−A·ρ, −A·clip(ρ, 1−ε, 1+ε));
    also approx-KL and the clipped share, as the graph's outputs."""
    x, b = f["x"], f["x"].shape[0]
    two = guidance != 1
    v = den(torch.cat([x, x]) if two else x, torch.cat([f["t"], f["t"]]) if two else f["t"], f["context"], f["ctx_mask"], ace(f["ace_ids"], f["ace_on"]))
    if two:
        v = v[b:] + guidance * (v[:b] - v[b:])
    x0 = (f["sqrt_ab"] * x - f["sqrt_1m_ab"] * v).clamp(-1, 1)
    eps = (x - f["sqrt_ab"] * x0) / f["sqrt_1m_ab"]
    mean = f["sqrt_ab_prev"] * x0 + f["dir_scale"] * eps
    s = f["sigma"].reshape(b)
    log_prob = -((f["prev"] - mean) ** 2).mean((1, 2, 3)) / (2 * s**2) - s.log() - HALF_LOG_2PI
    diff = log_prob - f["old_log_prob"]
    ratio = diff.exp()
    adv = f["advantage"]
    loss = torch.maximum(-adv * ratio, -adv * ratio.clamp(1 - clip_range, 1 + clip_range)).mean()
    with torch.no_grad():  # the graph's diagnostic outputs, computed there too
        approx_kl, clip_fraction = 0.5 * (diff**2).mean(), ((ratio - 1).abs() > clip_range).float().mean()
    return loss, approx_kl, clip_fraction


def main():
    ap = reference_args(["params", "ppo"], batch=16)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--guidance", type=float, default=4.0)
    ap.add_argument("--eta", type=float, default=1.0)
    ap.add_argument("--rank", type=int, default=4)
    ap.add_argument("--alpha", type=float, default=4.0)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--clip-range", type=float, default=1e-4)
    ap.add_argument("--clip-norm", type=float, default=1.0)
    a = ap.parse_args()
    enc, den, result = start(a)
    frozen = count(den)
    for p in list(enc.parameters()) + list(den.parameters()):
        p.requires_grad_(False)
    add_lora(den, a.rank, a.alpha)
    ace = Ace()
    trainable = lora_params(den) + list(ace.parameters())
    n_lora, n_ace = sum(p.numel() for p in lora_params(den)), count(ace)
    result["params"] = {"denoiser": frozen, "lora": n_lora, "ace": n_ace, "trainable": n_lora + n_ace}
    if a.what == "ppo":
        f = transitions(enc, a.batch, a.steps, a.eta, a.guidance, torch.Generator().manual_seed(1))
        opt = torch.optim.AdamW(trainable, lr=a.lr, weight_decay=0.0)

        def step():
            opt.zero_grad(set_to_none=True)
            loss, _, _ = ppo_loss(den, ace, f, a.guidance, a.clip_range)
            loss.backward()
            nn.utils.clip_grad_norm_(trainable, a.clip_norm)
            opt.step()

        result.update(steps=a.steps, guidance=a.guidance, ms=timed(step, a.warmup, a.reps))
    finish(result)


if __name__ == "__main__":
    main()
