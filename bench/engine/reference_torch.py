#!/usr/bin/python3
"""PyTorch reference for bench/engine/engine.bench.ts: the same two models with the same shapes,
timed on the same machine and thread count. Prints ONE JSON object on its last line.

Not part of `npm test` or CI. Needs Debian's PyTorch for /usr/bin/python3:
    apt-get install -y python3-torch libopenblas0-pthread
The architectures must stay in sync with bench/engine/models/{dit,unet}.ts (the TS bench compares
parameter counts and refuses to report a ratio when they differ).
"""
import argparse
import json
import math
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# ---- shapes shared with bench/engine/models/shapes.ts ------------------------------------------
IMAGE = 64          # 64×64 single-channel input
TEXT_TOKENS = 16    # text-condition tokens (stand-in for a frozen text encoder's output)
TEXT_DIM = 256
TIME_DIM = 256      # sinusoidal timestep embedding, computed outside the model (an input)


# ---- DiT-style transformer (Peebles & Xie 2023, adaLN-Zero) + cross-attention to text ----------
class Attention(nn.Module):
    """Multi-head attention written out as matmul + softmax, like the ONNX graph."""

    def __init__(self, dim, heads, kv_dim=None):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(kv_dim or dim, 2 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, context):
        b, t, d = x.shape
        h = self.heads
        q = self.q(x).reshape(b, t, h, d // h).transpose(1, 2)
        k, v = self.kv(context).reshape(b, context.shape[1], 2, h, d // h).permute(2, 0, 3, 1, 4)
        scores = (q * (1.0 / math.sqrt(d // h))) @ k.transpose(-1, -2)
        out = scores.softmax(-1) @ v
        return self.proj(out.transpose(1, 2).reshape(b, t, d))


def modulate(x, shift, scale):
    return x * (1 + scale) + shift


class DiTBlock(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, elementwise_affine=False, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm_cross = nn.LayerNorm(dim, eps=1e-6)
        self.cross = Attention(dim, heads, TEXT_DIM)
        self.norm2 = nn.LayerNorm(dim, elementwise_affine=False, eps=1e-6)
        self.mlp_in = nn.Linear(dim, 4 * dim)
        self.mlp_out = nn.Linear(4 * dim, dim)
        self.ada = nn.Linear(dim, 6 * dim)

    def forward(self, x, c, text):
        s1, sc1, g1, s2, sc2, g2 = self.ada(F.silu(c)).unsqueeze(1).chunk(6, dim=-1)
        h = modulate(self.norm1(x), s1, sc1)
        x = x + g1 * self.attn(h, h)
        x = x + self.cross(self.norm_cross(x), text)
        h = modulate(self.norm2(x), s2, sc2)
        return x + g2 * self.mlp_out(F.gelu(self.mlp_in(h)))


class DiT(nn.Module):
    def __init__(self, dim=256, depth=4, heads=4, patch=4):
        super().__init__()
        self.patch = patch
        tokens = (IMAGE // patch) ** 2
        self.embed = nn.Conv2d(1, dim, patch, stride=patch)
        self.pos = nn.Parameter(torch.zeros(1, tokens, dim))
        self.t1 = nn.Linear(TIME_DIM, dim)
        self.t2 = nn.Linear(dim, dim)
        self.blocks = nn.ModuleList([DiTBlock(dim, heads) for _ in range(depth)])
        self.norm_out = nn.LayerNorm(dim, elementwise_affine=False, eps=1e-6)
        self.ada_out = nn.Linear(dim, 2 * dim)
        self.out = nn.Linear(dim, patch * patch)

    def forward(self, x, t_emb, text):
        b = x.shape[0]
        p, g = self.patch, IMAGE // self.patch
        h = self.embed(x).flatten(2).transpose(1, 2) + self.pos
        c = self.t2(F.silu(self.t1(t_emb)))
        for blk in self.blocks:
            h = blk(h, c, text)
        shift, scale = self.ada_out(F.silu(c)).unsqueeze(1).chunk(2, dim=-1)
        h = self.out(modulate(self.norm_out(h), shift, scale))
        return h.reshape(b, g, g, p, p).permute(0, 1, 3, 2, 4).reshape(b, 1, IMAGE, IMAGE)


# ---- small conv UNet (Ho et al. 2020 style residual blocks, GroupNorm + SiLU) ------------------
class ResBlock(nn.Module):
    def __init__(self, cin, cout, cond_dim, groups=8):
        super().__init__()
        self.n1 = nn.GroupNorm(groups, cin)
        self.c1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.cond = nn.Linear(cond_dim, cout)
        self.n2 = nn.GroupNorm(groups, cout)
        self.c2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, c):
        h = self.c1(F.silu(self.n1(x)))
        h = h + self.cond(F.silu(c))[:, :, None, None]
        h = self.c2(F.silu(self.n2(h)))
        return h + (self.skip(x) if self.skip is not None else x)


class UNet(nn.Module):
    def __init__(self, channels=(32, 64, 128, 256), cond_dim=256):
        super().__init__()
        self.t1 = nn.Linear(TIME_DIM, cond_dim)
        self.t2 = nn.Linear(cond_dim, cond_dim)
        self.text = nn.Linear(TEXT_DIM, cond_dim)
        self.stem = nn.Conv2d(1, channels[0], 3, padding=1)
        self.down = nn.ModuleList()
        self.downsample = nn.ModuleList()
        prev = channels[0]
        for i, ch in enumerate(channels):
            self.down.append(ResBlock(prev, ch, cond_dim))
            if i < len(channels) - 1:
                self.downsample.append(nn.Conv2d(ch, ch, 3, stride=2, padding=1))
            prev = ch
        self.mid = nn.ModuleList([ResBlock(prev, prev, cond_dim), ResBlock(prev, prev, cond_dim)])
        self.up = nn.ModuleList()
        for ch in reversed(channels):
            self.up.append(ResBlock(prev + ch, ch, cond_dim))
            prev = ch
        self.norm_out = nn.GroupNorm(8, channels[0])
        self.out = nn.Conv2d(channels[0], 1, 3, padding=1)

    def forward(self, x, t_emb, text):
        c = self.t2(F.silu(self.t1(t_emb))) + self.text(text.mean(1))
        h = self.stem(x)
        skips = []
        for i, blk in enumerate(self.down):
            h = blk(h, c)
            skips.append(h)
            if i < len(self.downsample):
                h = self.downsample[i](h)
        for blk in self.mid:
            h = blk(h, c)
        for i, blk in enumerate(self.up):
            h = blk(torch.cat([h, skips[-1 - i]], 1), c)
            if i < len(self.up) - 1:
                h = F.interpolate(h, scale_factor=2, mode="nearest")
        return self.out(F.silu(self.norm_out(h)))


MODELS = {"dit": DiT, "unet": UNet}


def batch(b, gen):
    return (
        torch.randn(b, 1, IMAGE, IMAGE, generator=gen),
        torch.randn(b, TIME_DIM, generator=gen),
        torch.randn(b, TEXT_TOKENS, TEXT_DIM, generator=gen),
        torch.randn(b, 1, IMAGE, IMAGE, generator=gen),
    )


def timed(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def bench_model(name, b, warmup, reps):
    torch.manual_seed(0)
    model = MODELS[name]()
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    x, t, text, target = batch(b, torch.Generator().manual_seed(1))

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(model(x, t, text), target)
        loss.backward()
        opt.step()

    def forward():
        with torch.no_grad():
            model(x, t, text)

    return {"params": params, "trainMs": timed(train_step, warmup, reps), "forwardMs": timed(forward, warmup, reps)}


def matmul_gflops():
    a, w = torch.randn(16384, 256), torch.randn(256, 1024)
    best = min(timed(lambda: a @ w, 2, 5))
    return 2 * 16384 * 256 * 1024 / (best / 1000) / 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--models", default="dit,unet")
    ap.add_argument("--params-only", action="store_true", help="print parameter counts and exit")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    names = [n for n in a.models.split(",") if n]
    for n in names:
        if n not in MODELS:
            sys.exit(f"unknown model {n!r}; choose from {', '.join(MODELS)}")
    if a.params_only:
        print(json.dumps({n: sum(p.numel() for p in MODELS[n]().parameters()) for n in names}))
        return
    result = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": a.batch,
        "matmulGflops": round(matmul_gflops(), 1),
        "models": {n: bench_model(n, a.batch, a.warmup, a.reps) for n in names},
    }
    result["maxRssMb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
