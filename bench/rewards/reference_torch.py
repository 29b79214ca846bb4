#!/usr/bin/python3
"""PyTorch reference for bench/rewards.bench.ts: the same reward and judge networks as
batch-jobs/rewards/{film-net,heads,dual-encoder}.ts, with the weights of the committed bundles
(read from their safetensors), timed on the same films, batch and thread count. Writes each
model's outputs to <out>/<name>.f32 so the TS bench can check they match ORT's, and prints ONE
JSON object on its last line.

Not part of `npm test`. Needs Debian's PyTorch: apt-get install -y python3-torch libopenblas0-pthread
"""
import argparse
import json
import os
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    data = raw[8 + n :]
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        assert e["dtype"] == "F32", e
        a, b = e["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[a:b], dtype=np.float32).reshape(e["shape"]).copy())
    return out


def conv(w, prefix, x, stride, kernel):
    return F.relu(F.conv2d(x, w[f"{prefix}.weight"], w[f"{prefix}.bias"], stride=stride, padding=(kernel - 1) // 2))


def linear(w, prefix, x):
    return x @ w[f"{prefix}.weight"] + w[f"{prefix}.bias"]


def trunk(w, x, arch, prefix):
    if arch == "strided":
        for c in ["c1", "c2", "c3", "c4"]:
            x = conv(w, f"{prefix}.{c}", x, 2, 3)
    else:
        x = conv(w, f"{prefix}.c1", x, 2, 5)
        x = F.avg_pool2d(conv(w, f"{prefix}.c2", x, 1, 3), 2)
        x = conv(w, f"{prefix}.c3", x, 2, 3)
        x = conv(w, f"{prefix}.c4", x, 2, 3)
    return F.relu(linear(w, f"{prefix}.fc", x.reshape(x.shape[0], -1)))


def unit(x):
    return x / torch.sqrt((x * x).sum(1, keepdim=True) + 1e-8)


def film_model(w, model):
    def run(films):
        f = trunk(w, films, model["arch"], "trunk")
        if model["kind"] == "posture":
            return torch.cat([linear(w, "head.posture", f), f], 1)
        return torch.cat([torch.sigmoid(linear(w, "head.labels", f)), torch.sigmoid(linear(w, "head.projection", f)), torch.softmax(linear(w, "head.position", f), 1), f], 1)
    return run


def clip_image(w, model):
    return lambda films: unit(linear(w, "image.proj", trunk(w, films, model["arch"], "image")))


def clip_text(w):
    return lambda text: unit(linear(w, "text.proj", F.relu(linear(w, "text.fc", text))))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--models", required=True, help="name=path/to/version/folder,…")
    p.add_argument("--films", required=True)
    p.add_argument("--text", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--buckets", type=int, required=True)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    films = torch.from_numpy(np.fromfile(a.films, dtype=np.float32).reshape(a.count, 1, a.size, a.size))
    text = torch.from_numpy(np.fromfile(a.text, dtype=np.float32).reshape(a.count, a.buckets))
    result = {"torch": torch.__version__, "threads": a.threads, "batch": a.batch, "models": {}}
    for spec in a.models.split(","):
        name, folder = spec.split("=")
        manifest = json.load(open(os.path.join(folder, "manifest.json")))
        model = manifest["config"]["model"]
        w = load_safetensors(os.path.join(folder, "weights.safetensors"))
        runs = {}
        if model["family"] == "film":
            runs[name] = (film_model(w, model), films)
        else:
            runs[name + ":image"] = (clip_image(w, model), films)
            runs[name + ":text"] = (clip_text(w), text)
        for key, (fn, inputs) in runs.items():
            with torch.no_grad():
                outs = torch.cat([fn(inputs[i : i + a.batch]) for i in range(0, a.count, a.batch)], 0)
                outs.numpy().astype(np.float32).tofile(os.path.join(a.out, key.replace(":", "_") + ".f32"))
                times = []
                for _ in range(a.reps):
                    t0 = time.perf_counter()
                    for i in range(0, a.count, a.batch):
                        fn(inputs[i : i + a.batch])
                    times.append(time.perf_counter() - t0)
            result["models"][key] = {"imagesPerSec": a.count / min(times), "secondsBest": min(times), "outputsPerRow": outs.shape[1]}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
