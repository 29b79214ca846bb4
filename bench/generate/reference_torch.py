#!/usr/bin/python3
"""PyTorch reference for bench/generate/generate.bench.ts: the generator's architecture
(batch-jobs/generator/graphs.ts, `cxr-64`), its DDIM + classifier-free-guidance sampler
(sampler.ts, ddim.ts, η = 0) and one supervised training step (encoder + denoiser, v-prediction
MSE, AdamW), timed on the same machine and thread count. Prints ONE JSON object on its last line.

Not part of `npm test` or CI. Needs Debian's PyTorch for /usr/bin/python3:
    apt-get install -y python3-torch libopenblas0-pthread
Keep in sync with graphs.ts: the TS bench compares parameter counts (encoder and denoiser) and
refuses to report a ratio when they differ.
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# cxr-64 (batch-jobs/generator/config.ts) and condition.ts: 14 CheXpert labels + 1 view token.
A = dict(size=64, patch=4, dim=128, depth=4, heads=4, text_layers=2, max_tokens=96, vocab=2000)
COND_TOKENS = 15
POSTURE_FEATURES = 5  # architecture.posture: ψ − identity as a bias-free shift of the condition tokens
FIELD_SIZES = {"slot": COND_TOKENS, "status": 5, "laterality": 4, "severity": 8}
T_TRAIN = 1000
WITH_POSTURE = False  # set by start() from --posture
MASKED = -1e9


class Attention(nn.Module):
    """q, k, v, out projections; softmax(q·kᵀ/√d + additive mask)·v written out, like the graph."""

    def __init__(self, d, heads):
        super().__init__()
        self.h = heads
        self.q, self.k, self.v, self.out = (nn.Linear(d, d) for _ in range(4))

    def forward(self, x, ctx, mask=None):
        b, t, d = x.shape
        split = lambda y: y.reshape(b, y.shape[1], self.h, d // self.h).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(ctx)), split(self.v(ctx))
        scores = (q * (1.0 / math.sqrt(d // self.h))) @ k.transpose(-1, -2)
        if mask is not None:
            scores = scores + mask
        return self.out((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))


class Mlp(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class TextLayer(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.ln1, self.attn, self.ln2, self.mlp = nn.LayerNorm(d), Attention(d, heads), nn.LayerNorm(d), Mlp(d)

    def forward(self, x, mask):
        h = self.ln1(x)
        x = x + self.attn(h, h, mask)
        return x + self.mlp(self.ln2(x))


class Encoder(nn.Module):
    """Report tokens + condition codes → context [c_cond; c_text], blended with a null token by keep."""

    def __init__(self, d=A["dim"], posture=False):
        super().__init__()
        self.tok = nn.Embedding(A["vocab"], d)
        self.pos = nn.Parameter(torch.randn(1, A["max_tokens"], d) * 0.02)
        self.layers = nn.ModuleList(TextLayer(d, A["heads"]) for _ in range(A["text_layers"]))
        self.ln_out = nn.LayerNorm(d)
        self.cond = nn.ModuleDict({f: nn.Embedding(n, d) for f, n in FIELD_SIZES.items()})
        self.cond_ln = nn.LayerNorm(d)
        self.posture = nn.Linear(POSTURE_FEATURES, d, bias=False) if posture else None
        self.null = nn.Parameter(torch.randn(1, 1, d) * 0.02)

    def forward(self, ids, text_mask, codes, keep, posture=None):
        text = self.tok(ids) + self.pos
        for layer in self.layers:
            text = layer(text, text_mask)
        cond = self.cond_ln(sum(self.cond[f](codes[f]) for f in FIELD_SIZES))
        if self.posture is not None:
            cond = cond + self.posture(posture).unsqueeze(1)
        context = torch.cat([cond, self.ln_out(text)], 1)
        keep = keep.reshape(-1, 1, 1)
        return context * keep + (1 - keep) * self.null


def modulate(x, shift, scale):
    return F.layer_norm(x, x.shape[-1:], eps=1e-6) * (1 + scale) + shift


class DiTBlock(nn.Module):
    """adaLN-Zero self-attention, cross-attention to the context, MLP (nn/dit-block.ts). `extra`
    (tokens, gate): the gated context — the same cross-attention over extra tokens in a separate
    softmax, added times the gate (the fine-tune's ACE tokens, bench/finetune)."""

    def __init__(self, d, heads):
        super().__init__()
        self.ada = nn.Linear(d, 6 * d)
        self.attn, self.norm_cross, self.cross, self.mlp = Attention(d, heads), nn.LayerNorm(d, eps=1e-6), Attention(d, heads), Mlp(d)

    def forward(self, x, c, ctx, ctx_mask, extra=None):
        s1, sc1, g1, s2, sc2, g2 = self.ada(F.silu(c)).unsqueeze(1).chunk(6, -1)
        h = modulate(x, s1, sc1)
        x = x + g1 * self.attn(h, h)
        q = self.norm_cross(x)
        x = x + self.cross(q, ctx, ctx_mask)
        if extra is not None:
            tokens, gate = extra
            x = x + gate * self.cross(q, tokens)
        return x + g2 * self.mlp(modulate(x, s2, sc2))


class Denoiser(nn.Module):
    """(x_t, t, context) → v̂: patch tokens, time + pooled-condition vector, DiT blocks, unpatchify."""

    def __init__(self, d=A["dim"], p=A["patch"]):
        super().__init__()
        self.g = A["size"] // p
        self.embed = nn.Conv2d(1, d, p, stride=p)
        self.pos = nn.Parameter(torch.randn(1, self.g**2, d) * 0.02)
        self.t1, self.t2, self.cond = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.blocks = nn.ModuleList(DiTBlock(d, A["heads"]) for _ in range(A["depth"]))
        self.final_ada, self.final_out = nn.Linear(d, 2 * d), nn.Linear(d, p * p)
        half = d // 2
        self.register_buffer("freqs", torch.exp(-math.log(10000) * torch.arange(half) / half)[None], persistent=False)

    def forward(self, x, t, ctx, ctx_mask, ace=None):
        """ace: (tokens [B, T, d], one gate per block broadcastable to [B, 1, 1]) or None."""
        b, d, p, g = x.shape[0], self.pos.shape[-1], A["patch"], self.g
        h = self.embed(x).reshape(b, d, g * g).transpose(1, 2) + self.pos
        args = t[:, None] * self.freqs
        c = self.t2(F.silu(self.t1(torch.cat([args.cos(), args.sin()], 1)))) + self.cond(ctx[:, :COND_TOKENS].mean(1))
        for i, blk in enumerate(self.blocks):
            h = blk(h, c, ctx, ctx_mask, None if ace is None else (ace[0], ace[1][i]))
        shift, scale = self.final_ada(F.silu(c)).unsqueeze(1).chunk(2, -1)
        out = self.final_out(modulate(h, shift, scale))
        return out.reshape(b, g, g, p, p).permute(0, 1, 3, 2, 4).reshape(b, 1, A["size"], A["size"])


# ---- inputs shaped like feeds.ts conditionFeeds (values do not change the cost) -----------------
def condition_inputs(b, keep, gen, real_tokens=40):
    L, S = A["max_tokens"], COND_TOKENS + A["max_tokens"]
    pad = torch.arange(L) >= real_tokens
    ids = torch.randint(2, A["vocab"], (b, L), generator=gen).masked_fill(pad, 0)
    text_mask = torch.zeros(b, 1, 1, L).masked_fill(pad, MASKED)
    codes = {f: torch.randint(0, n, (b, COND_TOKENS), generator=gen) for f, n in FIELD_SIZES.items()}
    codes["slot"] = torch.arange(COND_TOKENS).expand(b, -1)
    ctx_mask = torch.zeros(b, 1, 1, S)
    if keep:  # the null row is one repeated token: nothing to hide (feeds.ts)
        ctx_mask[..., COND_TOKENS:] = text_mask
    feeds = dict(ids=ids, text_mask=text_mask, codes=codes, keep=torch.full((b,), float(keep)))
    if WITH_POSTURE:  # sampling asks for the upright film (feeds.ts)
        feeds["posture"] = torch.zeros(b, POSTURE_FEATURES)
    return feeds, ctx_mask


# ---- schedule.ts and sampler.ts -----------------------------------------------------------------
def cosine_alpha_bar(T=T_TRAIN, s=0.008):
    f = lambda t: math.cos(((t / T + s) / (1 + s)) * (math.pi / 2)) ** 2
    out, prod = [], 1.0
    for t in range(T):
        prod *= 1 - min(1 - f(t + 1) / f(t), 0.999)
        out.append(prod)
    return out


def ddim_timesteps(steps, T=T_TRAIN):
    return [math.floor(T - 1 - i * T / steps + 0.5) for i in range(steps)]  # JS Math.round


def sample(enc, den, b, steps, guidance, gen):
    """DDIM (η = 0) with CFG: v̂ = v_∅ + w·(v_c − v_∅), two denoiser passes of batch b per step."""
    ab = cosine_alpha_bar()
    ts = ddim_timesteps(steps)
    with torch.inference_mode():
        feeds_c, mask_c = condition_inputs(b, True, gen)
        feeds_u, mask_u = condition_inputs(b, False, gen)
        ctx_c = enc(**feeds_c)
        ctx_u = ctx_c if guidance == 1 else enc(**feeds_u)
        x = torch.randn(b, 1, A["size"], A["size"], generator=gen)
        for k, t in enumerate(ts):
            a_t, a_p = ab[t], ab[ts[k + 1]] if k + 1 < len(ts) else ab[0]
            tt = torch.full((b,), float(t))
            v = den(x, tt, ctx_c, mask_c)
            if guidance != 1:
                v_u = den(x, tt, ctx_u, mask_u)
                v = v_u + guidance * (v - v_u)
            x0 = (math.sqrt(a_t) * x - math.sqrt(1 - a_t) * v).clamp(-1, 1)
            eps = (x - math.sqrt(a_t) * x0) / math.sqrt(1 - a_t)
            x = math.sqrt(a_p) * x0 + math.sqrt(1 - a_p) * eps
        return x.clamp(-1, 1)


def timed(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def count(m):
    return sum(p.numel() for p in m.parameters())


def reference_args(modes, batch):
    """The options every reference script takes (the TS side passes them); add a script's own to it."""
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=modes)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=batch)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--posture", type=int, choices=[0, 1], default=0, help="1: the architecture conditions on posture")
    return ap


def start(a):
    """Threads and seed fixed, the generator's encoder and denoiser, the result's common fields."""
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    global WITH_POSTURE
    WITH_POSTURE = bool(a.posture)
    return Encoder(posture=WITH_POSTURE), Denoiser(), {"torch": torch.__version__, "threads": torch.get_num_threads(), "what": a.what, "batch": a.batch}


def finish(result):
    """The result, with this process's peak RSS, as the one JSON line of output."""
    result["maxRssMb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


def main():
    ap = reference_args(["params", "sample", "train"], batch=1)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--guidance", type=float, default=4.0)
    a = ap.parse_args()
    enc, den, result = start(a)
    result["params"] = {"encoder": count(enc), "denoiser": count(den), "total": count(enc) + count(den)}
    gen = torch.Generator().manual_seed(1)
    if a.what == "sample":
        result.update(steps=a.steps, guidance=a.guidance, ms=timed(lambda: sample(enc, den, a.batch, a.steps, a.guidance, gen), a.warmup, a.reps))
    elif a.what == "train":
        feeds, ctx_mask = condition_inputs(a.batch, True, gen)
        x, target = (torch.randn(a.batch, 1, A["size"], A["size"], generator=gen) for _ in range(2))
        t = torch.randint(0, T_TRAIN, (a.batch,), generator=gen).float()
        params = list(enc.parameters()) + list(den.parameters())
        opt = torch.optim.AdamW(params, lr=5e-4, weight_decay=0.01)

        def step():
            opt.zero_grad(set_to_none=True)
            F.mse_loss(den(x, t, enc(**feeds), ctx_mask), target).backward()
            opt.step()

        result["ms"] = timed(step, a.warmup, a.reps)
    finish(result)


if __name__ == "__main__":
    main()
